package cloud.ims.core.identity;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where sign-ins and other security-relevant acts are recorded, for operators and auditors to read. */
public interface AuditTrail {

	Mono<Void> record(AuditEntry entry);

	/** The entries recorded at or after {@code since}, oldest first. */
	Flux<AuditEntry> since(Instant since);

}
