package cloud.ims.gateway.keystone;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Password hashing with Argon2id (memory-hard; Spring Security's encoder, Bouncy Castle's implementation), off the
 * event loop since each hash takes tens of milliseconds on purpose. The encoder compares in constant time, and an
 * unknown user is checked against a hash too, so that timing does not tell which user names exist.
 */
final class Passwords {

	static final int MIN_LENGTH = 8;

	static final int MAX_LENGTH = 256;

	private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

	private final String unknownUserHash = this.encoder.encode("no user has this password, it only costs time");

	Mono<String> hash(String password) {
		requireAcceptable(password);
		return Mono.fromCallable(() -> this.encoder.encode(password)).subscribeOn(Schedulers.boundedElastic());
	}

	/** Whether the password matches the hash; with no hash (no such user), false after the same work. */
	Mono<Boolean> matches(String password, @org.jspecify.annotations.Nullable String hash) {
		return Mono.fromCallable(() -> {
			if (password.length() > MAX_LENGTH) {
				return false;
			}
			boolean matches = this.encoder.matches(password, (hash != null) ? hash : this.unknownUserHash);
			return matches && hash != null;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	static void requireAcceptable(String password) {
		if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
			throw new ImsException(Kind.INVALID, "IAM.0211", "A password has " + MIN_LENGTH + " to " + MAX_LENGTH
					+ " characters. Choose one of that length.");
		}
	}

}
