package cloud.ims.core.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A revocation: of one token (by its {@code jti}), or of every token a user was issued up to {@code at} (the user
 * was disabled or deleted, or changed the password). Kept until {@code expiresAt}, when the tokens it refuses have
 * expired anyway.
 */
public record Revocation(Kind kind, String subject, Instant at, Instant expiresAt) {

	public Revocation {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(at, "at");
		Objects.requireNonNull(expiresAt, "expiresAt");
	}

	public static Revocation ofToken(String tokenId, Instant at, Instant tokenExpiresAt) {
		return new Revocation(Kind.TOKEN, tokenId, at, tokenExpiresAt);
	}

	public static Revocation ofUser(String userId, Instant at, Instant lastTokenExpiresAt) {
		return new Revocation(Kind.USER, userId, at, lastTokenExpiresAt);
	}

	public enum Kind {

		/** {@code subject} is a token's {@code jti}. */
		TOKEN,

		/** {@code subject} is a user id; the user's tokens issued at or before {@code at} are refused. */
		USER

	}

}
