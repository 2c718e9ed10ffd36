package cloud.ims.messaging.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import cloud.ims.core.common.Actor;
import cloud.ims.core.event.Leases;
import cloud.ims.core.event.PendingEvent;
import cloud.ims.core.event.PendingEvents;
import cloud.ims.core.event.PendingEvents.Waiting;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import cloud.ims.messages.ServerChanged;
import cloud.ims.schemas.MessageCodec;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventRelayTests {

	private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

	private final MessageCodec codec = MessageCodec.standard();

	private final AvroChangeEvents events = new AvroChangeEvents(this.codec, Clock.fixed(NOW, ZoneOffset.UTC));

	private final StoredEvents stored = new StoredEvents();

	private final AtomicBoolean leaseHeld = new AtomicBoolean(true);

	private final Leases leases = (name, owner, ttl) -> Mono.just(this.leaseHeld.get());

	@Test
	void publishesEachDocumentsEventsInOrderStampedWithTheirVersionsThenRemovesThem() {
		MockProducer<String, byte[]> producer = producer(true);
		Server building = aServer();
		Server active = building.built(NOW).orElseThrow();
		Actor alice = new Actor("p1", "alice", "req-1");
		// The document recorded four events, of which the first two were published and removed already.
		this.stored.waiting.add(new Waiting("servers", building.id().value(), 4,
				List.of(this.events.server(building, active, alice), this.events.server(active, building, alice))));

		int published = relay(producer).relay();

		assertThat(published).isEqualTo(2);
		assertThat(producer.history()).extracting(ProducerRecord::key).containsOnly(building.id().value());
		assertThat(producer.history()).extracting((record) -> ((ServerChanged) this.codec.decode(record.value()))
			.getResourceVersion()).containsExactly(3L, 4L);
		assertThat(producer.history()).extracting((record) -> ((ServerChanged) this.codec.decode(record.value()))
			.getStatus()).containsExactly("ACTIVE", "BUILD");
		assertThat(this.stored.published).hasSize(1);
		assertThat(this.stored.notPublished).isEmpty();
	}

	@Test
	void publishesNothingWithoutTheLease() {
		MockProducer<String, byte[]> producer = producer(true);
		this.leaseHeld.set(false);
		Server server = aServer();
		this.stored.waiting.add(new Waiting("servers", server.id().value(), 1,
				List.of(this.events.server(null, server, new Actor("p1", "alice", "req-1")))));

		assertThat(relay(producer).relay()).isZero();
		assertThat(producer.history()).isEmpty();
		assertThat(this.stored.published).isEmpty();
	}

	@Test
	void leavesTheEventsWaitingWhenKafkaDoesNotTakeThem() {
		MockProducer<String, byte[]> producer = producer(false);
		Server server = aServer();
		this.stored.waiting.add(new Waiting("servers", server.id().value(), 1,
				List.of(this.events.server(null, server, new Actor("p1", "alice", "req-1")))));

		assertThatThrownBy(relay(producer)::relay).isInstanceOf(RuntimeException.class);
		assertThat(this.stored.published).isEmpty();
		assertThat(this.stored.notPublished).hasSize(1);
	}

	private EventRelay relay(MockProducer<String, byte[]> producer) {
		return new EventRelay(this.stored, this.leases, new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)),
				this.codec, new EventRelaySettings(Duration.ofMillis(200), Duration.ofMillis(200), 200,
						Duration.ofSeconds(10)),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	/** A producer that keeps its history when the template closes it, and fails every send unless it accepts. */
	private static MockProducer<String, byte[]> producer(boolean accepts) {
		return new MockProducer<>(accepts, null, new StringSerializer(), new ByteArraySerializer()) {

			@Override
			public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
				Future<RecordMetadata> sent = super.send(record, callback);
				if (!accepts) {
					errorNext(new TimeoutException("broker down"));
				}
				return sent;
			}

			@Override
			public void close() {
			}

			@Override
			public void close(Duration timeout) {
			}

		};
	}

	private static Server aServer() {
		return Server.building(ServerId.newId(), "vm", "p1", "alice", ImageId.newId(), new Flavor("f", "f", 1, 1024, 10),
				10, Map.of(), null, "job-1", NOW);
	}

	/** The port as the relay sees it: documents with waiting events, and what it was told of them. */
	private static final class StoredEvents implements PendingEvents {

		private final List<Waiting> waiting = new ArrayList<>();

		private final List<List<Waiting>> published = new ArrayList<>();

		private final List<List<Waiting>> notPublished = new ArrayList<>();

		@Override
		public Flux<Waiting> waiting(int limit, boolean sweep) {
			List<Waiting> taken = List.copyOf(this.waiting);
			this.waiting.clear();
			return Flux.fromIterable(taken);
		}

		@Override
		public Mono<Void> published(List<Waiting> published) {
			this.published.add(published);
			return Mono.empty();
		}

		@Override
		public void notPublished(List<Waiting> waiting) {
			this.notPublished.add(waiting);
		}

	}

}
