package cloud.ims.gateway.audit;

import java.time.Clock;

import cloud.ims.core.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import reactor.core.publisher.Mono;

/**
 * Now and then removes the traces past their retention (the embedded MongoDB-protocol server has no TTL indexes;
 * MongoDB also expires them by one) and publishes again the traces whose publication failed. Every replica may run
 * it: a removal twice is harmless, and a trace published twice is what at-least-once allows (subscribers
 * deduplicate by {@code trace_id}).
 */
final class AuditSweep {

	static final int REPUBLISH_BATCH = 500;

	private static final Logger log = LoggerFactory.getLogger(AuditSweep.class);

	private final AuditTrail trail;

	private final AuditRecorder recorder;

	private final Clock clock;

	AuditSweep(AuditTrail trail, AuditRecorder recorder, Clock clock) {
		this.trail = trail;
		this.recorder = recorder;
		this.clock = clock;
	}

	@Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
	void sweep() {
		run().subscribe();
	}

	Mono<Void> run() {
		return this.trail.purgeExpired(this.clock.instant())
			.onErrorResume((failure) -> {
				log.warn("Cannot remove expired audit traces, the next sweep tries again: {}", failure.toString());
				return Mono.empty();
			})
			.then(this.recorder.republish(REPUBLISH_BATCH).onErrorResume((failure) -> {
				log.warn("Cannot look for unpublished audit traces, the next sweep tries again: {}", failure.toString());
				return Mono.empty();
			}))
			.then();
	}

}
