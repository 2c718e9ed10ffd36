package cloud.ims.gateway.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import cloud.ims.core.audit.AuditEntry;
import cloud.ims.core.audit.AuditPublisher;
import cloud.ims.core.audit.AuditTrail;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Stores and publishes traces off the request path: a request is answered without waiting for its trace. A store
 * that fails is tried again a few times; a trace that still cannot be stored, or that finds {@code max-pending}
 * traces already waiting, is counted ({@code ims.audit.traces{outcome="failed"|"dropped"}}) and logged at ERROR with
 * its request id, never lost silently. A stored trace is published at once; one whose publication fails stays marked
 * unpublished for the {@link AuditSweep} to publish again (at least once).
 */
final class AuditRecorder {

	private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);

	private static final Retry STORE_RETRIES = Retry.backoff(3, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(2));

	private final AuditTrail trail;

	private final AuditPublisher publisher;

	private final AuditSettings settings;

	private final Clock clock;

	private final AtomicInteger pending = new AtomicInteger();

	private final Counter recorded;

	private final Counter failed;

	private final Counter dropped;

	private final Counter published;

	private final Counter unpublished;

	AuditRecorder(AuditTrail trail, AuditPublisher publisher, AuditSettings settings, Clock clock,
			MeterRegistry meters) {
		this.trail = trail;
		this.publisher = publisher;
		this.settings = settings;
		this.clock = clock;
		this.recorded = traces(meters, "recorded");
		this.failed = traces(meters, "failed");
		this.dropped = traces(meters, "dropped");
		this.published = publications(meters, "published");
		this.unpublished = publications(meters, "failed");
		Gauge.builder("ims.audit.pending", this.pending, AtomicInteger::get)
			.description("Traces waiting to be stored")
			.register(meters);
	}

	private static Counter traces(MeterRegistry meters, String outcome) {
		return Counter.builder("ims.audit.traces")
			.description("Traces of the audit trail by outcome: recorded, failed (not stored), dropped (too many waiting)")
			.tag("outcome", outcome)
			.register(meters);
	}

	private static Counter publications(MeterRegistry meters, String outcome) {
		return Counter.builder("ims.audit.publications")
			.description("Publications of traces on the audit topic by outcome; a failed one is published again")
			.tag("outcome", outcome)
			.register(meters);
	}

	/** Stores and publishes the trace in the background. */
	void submit(AuditEntry entry) {
		if (this.pending.incrementAndGet() > this.settings.maxPending()) {
			this.pending.decrementAndGet();
			this.dropped.increment();
			log.error("Audit trace dropped: {} traces wait to be stored already (ims.audit.max-pending); {}",
					this.settings.maxPending(), describe(entry));
			return;
		}
		Mono.defer(() -> this.trail.record(entry, entry.at().plus(this.settings.retention())))
			.retryWhen(STORE_RETRIES)
			.doFinally((signal) -> this.pending.decrementAndGet())
			.doOnSuccess((stored) -> this.recorded.increment())
			.then(Mono.defer(() -> publish(entry)))
			.subscribe(null, (failure) -> {
				this.failed.increment();
				log.error("Audit trace not stored: {}; {}", failure.toString(), describe(entry));
			});
	}

	/** Counts a trace that could not even be made from its request. */
	void failedToTrace(RuntimeException failure) {
		this.failed.increment();
		log.error("Audit trace not made: {}", failure.toString(), failure);
	}

	/** Publishes a stored trace and marks it published; a failure leaves it to the sweep. */
	Mono<Void> publish(AuditEntry entry) {
		return this.publisher.publish(entry)
			.then(Mono.defer(() -> this.trail.published(entry.traceId())))
			.doOnSuccess((done) -> this.published.increment())
			.onErrorResume((failure) -> {
				this.unpublished.increment();
				log.warn("Audit trace {} not published yet, the sweep publishes it again: {}", entry.traceId(),
						failure.toString());
				return Mono.empty();
			});
	}

	/** Publishes again the traces stored a while ago and still unpublished; answers how many it published. */
	Mono<Long> republish(int limit) {
		return this.trail.unpublished(this.clock.instant().minus(this.settings.republishAfter()), limit)
			.concatMap((entry) -> publish(entry).thenReturn(entry))
			.count();
	}

	private static String describe(AuditEntry entry) {
		return entry.operation() + " by user " + entry.userId() + " of project " + entry.projectId() + ", status "
				+ entry.responseCode() + ", request " + entry.requestId() + " at " + entry.at();
	}

}
