package cloud.ims.gateway.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import cloud.ims.core.audit.AuditEntry;
import cloud.ims.core.audit.TraceStatus;
import cloud.ims.core.audit.TraceType;
import cloud.ims.gateway.audit.AuditNotes.Snapshot;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TracesTests {

	private static final Instant AT = Instant.parse("2026-12-07T08:00:00Z");

	private static final Snapshot MEMBER = new Snapshot("u-1", "p-1", List.of("member"), null, null, null, null);

	/** A request as the gateway saw it, then the operation, type, resource type and id, status and code traced. */
	static Stream<Arguments> requests() {
		return Stream.of(
				arguments(request("POST", "/v2/images", "/v2/images", Map.of(), 201, null),
						"POST /v2/images", TraceType.API_CALL, "image", null, TraceStatus.NORMAL, null),
				arguments(request("PATCH", "/v2/images/i-1", "/v2/images/{imageId}", Map.of("imageId", "i-1"), 200, null),
						"PATCH /v2/images/{imageId}", TraceType.API_CALL, "image", "i-1", TraceStatus.NORMAL, null),
				arguments(request("PUT", "/v2/images/i-1/tags/blue", "/v2/images/{imageId}/tags/{tag}",
						Map.of("imageId", "i-1", "tag", "blue"), 204, null),
						"PUT /v2/images/{imageId}/tags/{tag}", TraceType.API_CALL, "image", "i-1", TraceStatus.NORMAL, null),
				arguments(request("DELETE", "/v2/images/i-1/members/p-2", "/v2/images/{imageId}/members/{memberId}",
						Map.of("imageId", "i-1", "memberId", "p-2"), 404, "IMG.0027"),
						"DELETE /v2/images/{imageId}/members/{memberId}", TraceType.API_CALL, "image", "i-1",
						TraceStatus.WARNING, "IMG.0027"),
				arguments(request("POST", "/v1/p-1/cloudservers/action", "/v1/{projectId}/cloudservers/action",
						Map.of("projectId", "p-1"), 202, null),
						"POST /v1/{projectId}/cloudservers/action", TraceType.API_CALL, "server", null,
						TraceStatus.NORMAL, null),
				arguments(request("POST", "/v2/p-1/images/i-1/tags", "/v2/{projectId}/images/{imageId}/tags",
						Map.of("projectId", "p-1", "imageId", "i-1"), 500, "IMS.0500"),
						"POST /v2/{projectId}/images/{imageId}/tags", TraceType.API_CALL, "image", "i-1",
						TraceStatus.INCIDENT, "IMS.0500"),
				arguments(request("PUT", "/v1/admin/quotas/p-2", "/v1/admin/quotas/{projectId}",
						Map.of("projectId", "p-2"), 403, "IMS.0403"),
						"PUT /v1/admin/quotas/{projectId}", TraceType.API_CALL, "quota", "p-2", TraceStatus.WARNING,
						"IMS.0403"),
				arguments(request("POST", "/v3/auth/tokens", "/v3/auth/tokens", Map.of(), 201, null),
						"POST /v3/auth/tokens", TraceType.API_CALL, "token", null, TraceStatus.NORMAL, null),
				arguments(request("DELETE", "/v3.0/OS-CREDENTIAL/credentials/AK1",
						"/v3.0/OS-CREDENTIAL/credentials/{accessKey}", Map.of("accessKey", "AK1"), 204, null),
						"DELETE /v3.0/OS-CREDENTIAL/credentials/{accessKey}", TraceType.API_CALL, "credential", "AK1",
						TraceStatus.NORMAL, null),
				arguments(request("POST", "/console/images/i-1/delete", "/console/images/{imageId}/delete",
						Map.of("imageId", "i-1"), 200, null),
						"POST /console/images/{imageId}/delete", TraceType.CONSOLE_ACTION, "image", "i-1",
						TraceStatus.NORMAL, null),
				arguments(request("POST", "/console/sign-in", "/console/sign-in", Map.of(), 401, null),
						"POST /console/sign-in", TraceType.CONSOLE_ACTION, "token", null, TraceStatus.WARNING, null),
				// Refused before routing: no pattern, so the path names the operation and there is no target.
				arguments(request("DELETE", "/v2/images/i-1", null, Map.of(), 401, "IMS.0401"),
						"DELETE /v2/images/i-1", TraceType.API_CALL, null, null, TraceStatus.WARNING, "IMS.0401"),
				arguments(request("POST", "/v2/images/i-1/import", "/v2/images/{imageId}/import",
						Map.of("imageId", "i-1"), 499, null),
						"POST /v2/images/{imageId}/import", TraceType.API_CALL, "image", "i-1", TraceStatus.WARNING,
						null));
	}

	@ParameterizedTest
	@MethodSource("requests")
	void tracesTheOperationTargetAndResultOfARequest(TracedRequest request, String operation, TraceType type,
			@Nullable String resourceType, @Nullable String resourceId, TraceStatus status, @Nullable String errorCode) {
		AuditEntry trace = Traces.trace(request, MEMBER);

		assertThat(trace.operation()).isEqualTo(operation);
		assertThat(trace.traceType()).isEqualTo(type);
		assertThat(trace.resourceType()).isEqualTo(resourceType);
		assertThat(trace.resourceId()).isEqualTo(resourceId);
		assertThat(trace.status()).isEqualTo(status);
		assertThat(trace.responseCode()).isEqualTo(request.status());
		assertThat(trace.errorCode()).isEqualTo(errorCode);
		assertThat(trace.userId()).isEqualTo("u-1");
		assertThat(trace.projectId()).isEqualTo("p-1");
		assertThat(trace.roles()).containsExactly("member");
		assertThat(trace.sourceIp()).isEqualTo("10.0.0.7");
		assertThat(trace.requestId()).isEqualTo("req-1");
		assertThat(trace.at()).isEqualTo(AT);
	}

	@Test
	void takesTheSignInsNotesOverTheRequestsAndGivesEachTraceItsOwnId() {
		Snapshot failedSignIn = new Snapshot(null, null, List.of(), "alice", "sign-in", "wrong password, user name alice",
				"IAM.0201");
		TracedRequest request = request("POST", "/v3/auth/tokens", "/v3/auth/tokens", Map.of(), 401, "IMS.0401");

		AuditEntry trace = Traces.trace(request, failedSignIn);

		assertThat(trace.userId()).isNull();
		assertThat(trace.userName()).isEqualTo("alice");
		assertThat(trace.action()).isEqualTo("sign-in");
		assertThat(trace.detail()).isEqualTo("wrong password, user name alice");
		assertThat(trace.errorCode()).isEqualTo("IAM.0201");
		assertThat(trace.traceId()).isNotEqualTo(Traces.trace(request, failedSignIn).traceId());
	}

	@Test
	void keepsNoErrorCodeOnASuccess() {
		Snapshot noted = new Snapshot("u-1", "p-1", List.of(), null, "access-key-create", null, "IAM.0302");

		assertThat(Traces.trace(request("POST", "/v3.0/OS-CREDENTIAL/credentials",
				"/v3.0/OS-CREDENTIAL/credentials", Map.of(), 201, null), noted).errorCode()).isNull();
	}

	private static TracedRequest request(String method, String path, @Nullable String pattern,
			Map<String, String> variables, int status, @Nullable String errorCode) {
		return new TracedRequest(method, path, pattern, variables, "10.0.0.7", "req-1", status, errorCode, AT);
	}

}
