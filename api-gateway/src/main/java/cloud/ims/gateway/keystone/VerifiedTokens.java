package cloud.ims.gateway.keystone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Checks a token's signature once: the tokens that passed are remembered (each replica, up to a number of them, never
 * past their expiry and at most {@link #MAX_REMEMBERED}), and a token seen again is only validated again, which is
 * what may change while it is remembered (expiry, revocation). A client's every request carries the same token, so
 * a request, and above all a refused one, costs a lookup instead of an RSA signature check.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

	/** A token signed by a key an external issuer has since withdrawn is still accepted for at most this long. */
	static final Duration MAX_REMEMBERED = Duration.ofMinutes(10);

	private final ReactiveJwtDecoder verifier;

	private final OAuth2TokenValidator<Jwt> validator;

	private final Cache<String, Jwt> verified;

	/**
	 * @param verifier checks the signature and validates with {@code validator}
	 * @param validator what is checked again on every use of a remembered token
	 */
	VerifiedTokens(ReactiveJwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, int capacity, Clock clock) {
		this.verifier = verifier;
		this.validator = validator;
		this.verified = Caffeine.newBuilder()
			.maximumSize(capacity)
			.expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> rememberedFor(jwt, clock.instant())))
			.build();
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		Jwt remembered = this.verified.getIfPresent(token);
		if (remembered == null) {
			return this.verifier.decode(token).doOnNext((jwt) -> this.verified.put(token, jwt));
		}
		OAuth2TokenValidatorResult result = this.validator.validate(remembered);
		if (result.hasErrors()) {
			this.verified.invalidate(token);
			return Mono.error(invalid(result.getErrors()));
		}
		return Mono.just(remembered);
	}

	/** Worded as Spring Security's own decoder words it, so that an answer does not depend on the cache. */
	private static JwtValidationException invalid(Collection<OAuth2Error> errors) {
		String description = errors.stream()
			.map(OAuth2Error::getDescription)
			.filter((text) -> text != null && !text.isEmpty())
			.findFirst()
			.orElse("Unable to validate Jwt");
		return new JwtValidationException(description, errors);
	}

	/** Only a bound on memory: every use validates the expiry again. */
	private static Duration rememberedFor(Jwt jwt, Instant now) {
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(now, expiresAt);
		if (left.isNegative()) {
			return Duration.ZERO;
		}
		return (left.compareTo(MAX_REMEMBERED) < 0) ? left : MAX_REMEMBERED;
	}

}
