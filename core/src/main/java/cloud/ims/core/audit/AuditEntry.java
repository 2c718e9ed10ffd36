package cloud.ims.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One trace of the audit trail, with Cloud Trace Service's fields: its id, the operation ({@code trace_name}: the
 * method and route pattern, e.g. {@code POST /v2/images/{image_id}/members}), the kind of resource and its id, who
 * acted (user, project, roles; for a failed sign-in the user name tried), from which address, the request id, the
 * HTTP status and error code, the trace status, the time. {@code action} names what the handler did when the
 * route alone does not say it (e.g. {@code sign-in}, {@code access-key-create}); {@code detail} adds what the ids
 * cannot say (why a sign-in failed, the access key id). Never a password, a token or a secret key.
 */
public record AuditEntry(String traceId, String operation, TraceType traceType, @Nullable String action,
		@Nullable String resourceType, @Nullable String resourceId, @Nullable String userId, @Nullable String userName,
		@Nullable String projectId, List<String> roles, @Nullable String sourceIp, String requestId, int responseCode,
		@Nullable String errorCode, TraceStatus status, Instant at, @Nullable String detail) {

	public AuditEntry {
		Objects.requireNonNull(traceId, "traceId");
		Objects.requireNonNull(operation, "operation");
		Objects.requireNonNull(traceType, "traceType");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(at, "at");
		roles = List.copyOf(roles);
	}

}
