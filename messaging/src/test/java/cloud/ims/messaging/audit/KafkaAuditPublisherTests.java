package cloud.ims.messaging.audit;

import java.time.Instant;
import java.util.List;

import cloud.ims.core.audit.AuditEntry;
import cloud.ims.core.audit.TraceStatus;
import cloud.ims.core.audit.TraceType;
import cloud.ims.messages.AuditTraceRecorded;
import cloud.ims.schemas.MessageCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaAuditPublisherTests {

	private static final Instant AT = Instant.parse("2026-12-07T08:00:00Z");

	@Test
	void carriesEveryFieldOfATraceAndItsIdsInTheContext() {
		AuditEntry trace = new AuditEntry("t-1", "DELETE /v2/images/{imageId}", TraceType.API_CALL, null, "image", "i-1",
				"u-1", null, "p-1", List.of("member"), "10.0.0.7", "req-1", 404, "IMG.0027", TraceStatus.WARNING, AT,
				null);

		AuditTraceRecorded message = roundTrip(KafkaAuditPublisher.message(trace));

		assertThat(message.getTraceId()).isEqualTo("t-1");
		assertThat(message.getTraceName()).isEqualTo("DELETE /v2/images/{imageId}");
		assertThat(message.getTraceType()).isEqualTo("ApiCall");
		assertThat(message.getResourceType()).isEqualTo("image");
		assertThat(message.getResourceId()).isEqualTo("i-1");
		assertThat(message.getRoles()).containsExactly("member");
		assertThat(message.getSourceIp()).isEqualTo("10.0.0.7");
		assertThat(message.getResponseCode()).isEqualTo(404);
		assertThat(message.getErrorCode()).isEqualTo("IMG.0027");
		assertThat(message.getTraceStatus()).isEqualTo("warning");
		assertThat(message.getContext().getMessageId()).isEqualTo("t-1");
		assertThat(message.getContext().getCorrelationId()).isEqualTo("req-1");
		assertThat(message.getContext().getProjectId()).isEqualTo("p-1");
		assertThat(message.getContext().getUserId()).isEqualTo("u-1");
		assertThat(message.getContext().getOccurredAt()).isEqualTo(AT);
	}

	@Test
	void leavesTheUnknownCallerOfAFailedSignInEmpty() {
		AuditEntry trace = new AuditEntry("t-2", "POST /v3/auth/tokens", TraceType.API_CALL, "sign-in", "token", null,
				null, "alice", null, List.of(), "10.0.0.7", "req-2", 401, "IAM.0201", TraceStatus.WARNING, AT,
				"unknown user, user name alice");

		AuditTraceRecorded message = roundTrip(KafkaAuditPublisher.message(trace));

		assertThat(message.getContext().getUserId()).isEmpty();
		assertThat(message.getContext().getProjectId()).isEmpty();
		assertThat(message.getUserName()).isEqualTo("alice");
		assertThat(message.getAction()).isEqualTo("sign-in");
		assertThat(message.getDetail()).isEqualTo("unknown user, user name alice");
	}

	private static AuditTraceRecorded roundTrip(AuditTraceRecorded message) {
		MessageCodec codec = MessageCodec.standard();
		return (AuditTraceRecorded) codec.decode(codec.encode(message));
	}

}
