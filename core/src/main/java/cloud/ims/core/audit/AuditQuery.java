package cloud.ims.core.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Which traces an auditor asks for: every given filter must match (exactly; {@code from} inclusive, {@code to}
 * exclusive), newest first, {@code limit} of them after the trace {@code marker} (the last one of the previous page).
 */
public record AuditQuery(@Nullable String userId, @Nullable String userName, @Nullable String projectId,
		@Nullable String operation, @Nullable String action, @Nullable String resourceId, @Nullable TraceStatus status,
		@Nullable Instant from, @Nullable Instant to, int limit, @Nullable String marker) {

	public AuditQuery {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1: " + limit);
		}
	}

	/** Every trace, newest first, up to {@code limit}. */
	public static AuditQuery latest(int limit) {
		return new AuditQuery(null, null, null, null, null, null, null, null, null, limit, null);
	}

}
