package cloud.ims.core.identity;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One security-relevant act: a sign-in, a key created or deleted. {@code detail} adds what the ids cannot say
 * (e.g. the user name a failed sign-in gave, the access key id); never a password or a secret.
 */
public record AuditEntry(String action, @Nullable String userId, @Nullable String projectId, String outcome,
		@Nullable String clientAddress, Instant at, @Nullable String detail) {

	public static final String SUCCESS = "success";

	public static final String FAILURE = "failure";

	public AuditEntry {
		Objects.requireNonNull(action, "action");
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(at, "at");
	}

	public AuditEntry(String action, @Nullable String userId, @Nullable String projectId, String outcome,
			@Nullable String clientAddress, Instant at) {
		this(action, userId, projectId, outcome, clientAddress, at, null);
	}

}
