package cloud.ims.gateway.keystone;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTests {

	private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

	private static final RSAKey KEY = generate();

	private final MovableClock clock = new MovableClock(T0);

	private final Set<String> revoked = new HashSet<>();

	private final JwtTimestampValidator expiry = new JwtTimestampValidator(Duration.ZERO);

	private final OAuth2TokenValidator<Jwt> validator = (jwt) -> this.revoked.contains(jwt.getId())
			? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token was revoked", null))
			: this.expiry.validate(jwt);

	private final AtomicInteger signatureChecks = new AtomicInteger();

	private final VerifiedTokens tokens;

	VerifiedTokensTests() {
		this.expiry.setClock(this.clock);
		NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder.withPublicKey(publicKey()).build();
		nimbus.setJwtValidator(this.validator);
		ReactiveJwtDecoder counting = (token) -> {
			this.signatureChecks.incrementAndGet();
			return nimbus.decode(token);
		};
		this.tokens = new VerifiedTokens(counting, this.validator, 100, this.clock);
	}

	@Test
	void checksATokensSignatureOnceAndAnswersTheSameClaimsAfterwards() {
		String token = sign("jti-1", T0.plusSeconds(3600), KEY);

		Jwt first = this.tokens.decode(token).block();
		Jwt second = this.tokens.decode(token).block();

		assertThat(this.signatureChecks).hasValue(1);
		assertThat(second.getId()).isEqualTo("jti-1");
		assertThat(second.getClaims()).isEqualTo(first.getClaims());
	}

	@Test
	void refusesARememberedTokenOnceItIsRevokedAndForgetsIt() {
		String token = sign("jti-2", T0.plusSeconds(3600), KEY);
		this.tokens.decode(token).block();

		this.revoked.add("jti-2");

		assertThatThrownBy(() -> this.tokens.decode(token).block()).isInstanceOf(JwtValidationException.class)
			.hasMessage("The token was revoked");
		assertThatThrownBy(() -> this.tokens.decode(token).block()).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("The token was revoked");
		assertThat(this.signatureChecks).hasValue(2);
	}

	@Test
	void refusesARememberedTokenOnceItHasExpired() {
		String token = sign("jti-3", T0.plusSeconds(60), KEY);
		this.tokens.decode(token).block();

		this.clock.moveTo(T0.plusSeconds(61));

		assertThatThrownBy(() -> this.tokens.decode(token).block()).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("Jwt expired at " + T0.plusSeconds(60));
	}

	@Test
	void neverRemembersATokenWhoseSignatureFails() {
		String forged = sign("jti-4", T0.plusSeconds(3600), generate());

		for (int attempt = 0; attempt < 3; attempt++) {
			assertThatThrownBy(() -> this.tokens.decode(forged).block()).isInstanceOf(BadJwtException.class);
		}
		assertThat(this.signatureChecks).hasValue(3);
	}

	@Test
	void answersWhatSpringSecuritysDecoderAnswersForARememberedTokenThatNoLongerValidates() {
		String token = sign("jti-5", T0.plusSeconds(60), KEY);
		NimbusReactiveJwtDecoder uncached = NimbusReactiveJwtDecoder.withPublicKey(publicKey()).build();
		uncached.setJwtValidator(this.validator);
		this.tokens.decode(token).block();
		this.revoked.add("jti-5");

		RuntimeException fromCache = catchError(this.tokens.decode(token));
		RuntimeException fromSpring = catchError(uncached.decode(token));

		assertThat(fromCache).isInstanceOf(fromSpring.getClass()).hasMessage(fromSpring.getMessage());
		assertThat(((JwtValidationException) fromCache).getErrors())
			.hasToString(((JwtValidationException) fromSpring).getErrors().toString());
	}

	private static RuntimeException catchError(Mono<Jwt> decoding) {
		try {
			decoding.block();
		}
		catch (RuntimeException ex) {
			return ex;
		}
		throw new AssertionError("The token was accepted");
	}

	private static String sign(String id, Instant expiresAt, RSAKey key) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().jwtID(id)
			.subject("u-1")
			.issueTime(Date.from(T0))
			.expirationTime(Date.from(expiresAt))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static RSAPublicKey publicKey() {
		try {
			return KEY.toRSAPublicKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class MovableClock extends Clock {

		private volatile Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void moveTo(Instant instant) {
			this.now = instant;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
