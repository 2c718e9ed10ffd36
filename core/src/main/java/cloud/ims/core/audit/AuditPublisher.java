package cloud.ims.core.audit;

import reactor.core.publisher.Mono;

/** Publishes a trace on the audit topic; completes once the broker has it. */
public interface AuditPublisher {

	Mono<Void> publish(AuditEntry entry);

}
