package cloud.ims.core.idempotency;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A request made with a client token: what it was (its fingerprint) and, once answered, the answer to give again.
 */
public record IdempotencyRecord(String key, String fingerprint, @Nullable Answer answer, Instant expiresAt) {

	public boolean isAnswered() {
		return this.answer != null;
	}

	/** The stored answer: status, the headers worth repeating, the body. */
	public record Answer(int status, Map<String, String> headers, byte[] body) {
	}

}
