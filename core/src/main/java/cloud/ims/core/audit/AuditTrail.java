package cloud.ims.core.audit;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the traces are kept, for auditors to read, until they expire; each is recorded as not yet published and
 * marked once the audit topic has it, so that a trace whose publication failed is found and published again.
 */
public interface AuditTrail {

	/** Keeps the trace until {@code expiresAt}, waiting to be published. */
	Mono<Void> record(AuditEntry entry, Instant expiresAt);

	/** Marks the trace published: it is no longer among the {@link #unpublished} ones. */
	Mono<Void> published(String traceId);

	/** Up to {@code limit} traces recorded before {@code recordedBefore} and not yet published, oldest first. */
	Flux<AuditEntry> unpublished(Instant recordedBefore, int limit);

	/** The traces the query selects, newest first. */
	Flux<AuditEntry> find(AuditQuery query);

	/** The traces recorded at or after {@code since}, oldest first. */
	Flux<AuditEntry> since(Instant since);

	/** Removes the traces that expired before {@code now}; answers how many. */
	Mono<Long> purgeExpired(Instant now);

}
