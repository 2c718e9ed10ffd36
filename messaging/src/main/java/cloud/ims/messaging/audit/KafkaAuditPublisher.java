package cloud.ims.messaging.audit;

import cloud.ims.core.audit.AuditEntry;
import cloud.ims.core.audit.AuditPublisher;
import cloud.ims.messages.AuditTraceRecorded;
import cloud.ims.messages.MessageContext;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaOperations;
import reactor.core.publisher.Mono;

/**
 * Publishes each trace as an {@link AuditTraceRecorded} keyed by its project (by its trace id when it has none, as a
 * failed sign-in), so that traces spread over the partitions; completes once the broker has it.
 */
public final class KafkaAuditPublisher implements AuditPublisher {

	private final KafkaOperations<String, SpecificRecord> kafka;

	public KafkaAuditPublisher(KafkaOperations<String, SpecificRecord> kafka) {
		this.kafka = kafka;
	}

	@Override
	public Mono<Void> publish(AuditEntry entry) {
		String key = (entry.projectId() != null) ? entry.projectId() : entry.traceId();
		return Mono.fromFuture(() -> this.kafka.send(Topics.AUDIT_EVENTS, key, message(entry))).then();
	}

	static AuditTraceRecorded message(AuditEntry entry) {
		MessageContext context = MessageContext.newBuilder()
			.setMessageId(entry.traceId())
			.setOccurredAt(entry.at())
			.setCorrelationId(entry.requestId())
			.setProjectId((entry.projectId() != null) ? entry.projectId() : "")
			.setUserId((entry.userId() != null) ? entry.userId() : "")
			.build();
		return AuditTraceRecorded.newBuilder()
			.setContext(context)
			.setTraceId(entry.traceId())
			.setTraceName(entry.operation())
			.setTraceType(entry.traceType().wireName())
			.setAction(entry.action())
			.setResourceType(entry.resourceType())
			.setResourceId(entry.resourceId())
			.setUserName(entry.userName())
			.setRoles(entry.roles())
			.setSourceIp(entry.sourceIp())
			.setResponseCode(entry.responseCode())
			.setErrorCode(entry.errorCode())
			.setTraceStatus(entry.status().wireName())
			.setDetail(entry.detail())
			.build();
	}

}
