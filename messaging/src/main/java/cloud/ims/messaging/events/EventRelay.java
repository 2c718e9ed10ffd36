package cloud.ims.messaging.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import cloud.ims.core.event.Leases;
import cloud.ims.core.event.PendingEvent;
import cloud.ims.core.event.PendingEvents;
import cloud.ims.core.event.PendingEvents.Waiting;
import cloud.ims.schemas.MessageCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes the events recorded in the documents, each resource's in the order recorded, stamped with their resource
 * version, and removes them from their documents once Kafka has them all. One relay of all the processes publishes at
 * a time (it holds the lease), so that one resource's events never race each other; a relay that dies mid-round
 * leaves its events in place for the next holder, which publishes them again (at least once: subscribers deduplicate
 * by {@code event_id}).
 */
public final class EventRelay {

	static final String LEASE = "event-relay";

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

	private final PendingEvents pending;

	private final Leases leases;

	private final KafkaTemplate<String, byte[]> kafka;

	private final MessageCodec codec;

	private final EventRelaySettings settings;

	private final String owner = UUID.randomUUID().toString();

	private final Clock clock;

	private Instant lastSweep = Instant.MIN;

	/** Until when this relay surely holds the lease: it renews it only once a third of the lease time is left. */
	private Instant surelyHeldUntil = Instant.MIN;

	public EventRelay(PendingEvents pending, Leases leases, KafkaTemplate<String, byte[]> kafka, MessageCodec codec,
			EventRelaySettings settings, Clock clock) {
		this.clock = clock;
		this.pending = pending;
		this.leases = leases;
		this.kafka = kafka;
		this.codec = codec;
		this.settings = settings;
	}

	/** Runs the relay from the application's start to its stop. */
	public static SmartLifecycle runner(EventRelay relay, EventRelaySettings settings) {
		return new EventRelayRunner(relay, settings);
	}

	/** Publishes rounds until no full batch waits; answers how many events it published (0 without the lease). */
	public int relay() {
		int published = 0;
		Round round;
		do {
			round = relayOnce();
			published += round.published();
		}
		while (round.full());
		return published;
	}

	/** One round: the events of up to a batch of documents. */
	private Round relayOnce() {
		Instant now = this.clock.instant();
		if (!holdsLease(now)) {
			return new Round(0, false);
		}
		boolean sweep = !now.isBefore(this.lastSweep.plus(this.settings.sweepInterval()));
		if (sweep) {
			this.lastSweep = now;
		}
		List<Waiting> waiting = this.pending.waiting(this.settings.batchSize(), sweep).collectList().block(STORE_TIMEOUT);
		if (waiting == null || waiting.isEmpty()) {
			return new Round(0, false);
		}
		List<CompletableFuture<?>> sends = new ArrayList<>();
		try {
			for (Waiting document : waiting) {
				for (int i = 0; i < document.events().size(); i++) {
					PendingEvent event = document.events().get(i);
					sends.add(this.kafka.send(new ProducerRecord<>(event.topic(), event.key(),
							stamped(event.payload(), document.versionOf(i)))));
				}
			}
			awaitAll(sends);
			this.pending.published(waiting).block(STORE_TIMEOUT);
		}
		catch (RuntimeException ex) {
			this.pending.notPublished(waiting);
			throw ex;
		}
		return new Round(sends.size(), waiting.size() >= this.settings.batchSize());
	}

	private boolean holdsLease(Instant now) {
		if (now.isBefore(this.surelyHeldUntil)) {
			return true;
		}
		Duration leaseTime = this.settings.leaseTime();
		if (!Boolean.TRUE.equals(this.leases.acquire(LEASE, this.owner, leaseTime).block(STORE_TIMEOUT))) {
			this.surelyHeldUntil = Instant.MIN;
			return false;
		}
		this.surelyHeldUntil = now.plus(leaseTime.multipliedBy(2).dividedBy(3));
		return true;
	}

	private byte[] stamped(byte[] payload, long version) {
		SpecificRecord event = this.codec.decode(payload);
		event.put(event.getSchema().getField("resource_version").pos(), version);
		return this.codec.encode(event);
	}

	private static void awaitAll(List<CompletableFuture<?>> sends) {
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while publishing events; they stay to be published again", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka did not take every event; they stay to be published again", ex);
		}
	}

	private record Round(int published, boolean full) {
	}

}
