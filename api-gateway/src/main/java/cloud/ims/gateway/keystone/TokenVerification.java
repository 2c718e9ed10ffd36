package cloud.ims.gateway.keystone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;

import cloud.ims.core.identity.Revocations;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The one decoder of every token (API, console, Keystone validation): the signature by the installation's key
 * (the public half of {@code ims.identity.signing-key}, or an external issuer's key from
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location} or its {@code ...jwk-set-uri}), then issuer,
 * audience and expiry, all required, and finally the revocation list. The signature of a token seen before is not
 * checked again ({@link VerifiedTokens}); the rest is, on every request.
 */
@Configuration(proxyBeanMethods = false)
class TokenVerification {

	static final String PUBLIC_KEY_LOCATION = "spring.security.oauth2.resourceserver.jwt.public-key-location";

	static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

	@Bean
	RevocationList revocationList(Revocations revocations, IdentitySettings settings, Clock clock) {
		return new RevocationList(revocations, settings.revocationPollInterval(), clock);
	}

	@Bean
	@Nullable TokenSigner tokenSigner(IdentitySettings settings, Clock clock) {
		return (settings.signingKey() != null)
				? new TokenSigner(TokenSigner.readKey(settings.signingKey()), settings, clock) : null;
	}

	@Bean
	ReactiveJwtDecoder jwtDecoder(IdentitySettings settings, Environment environment, RevocationList revocationList,
			Clock clock) {
		String jwkSetUri = environment.getProperty(JWK_SET_URI);
		NimbusReactiveJwtDecoder decoder;
		if (settings.signingKey() != null) {
			decoder = NimbusReactiveJwtDecoder.withPublicKey(TokenSigner.publicKey(TokenSigner.readKey(settings.signingKey())))
				.build();
		}
		else if (environment.getProperty(PUBLIC_KEY_LOCATION) == null && jwkSetUri != null) {
			decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri).build();
		}
		else {
			decoder = NimbusReactiveJwtDecoder.withPublicKey(publicKeyAt(environment.getProperty(PUBLIC_KEY_LOCATION)))
				.build();
		}
		OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithValidators(
				new JwtIssuerValidator(settings.issuer()), new JwtAudienceValidator(settings.audience()),
				new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull), notRevoked(revocationList));
		decoder.setJwtValidator(validator);
		if (settings.rememberedTokens() <= 0) {
			return decoder;
		}
		return new VerifiedTokens(decoder, validator, settings.rememberedTokens(), clock);
	}

	private static OAuth2TokenValidator<Jwt> notRevoked(RevocationList revocationList) {
		OAuth2Error revoked = new OAuth2Error("invalid_token", "The token was revoked", null);
		return (token) -> revocationList.isRevoked(token) ? OAuth2TokenValidatorResult.failure(revoked)
				: OAuth2TokenValidatorResult.success();
	}

	private static RSAPublicKey publicKeyAt(@Nullable String location) {
		if (location == null) {
			throw new IllegalStateException("Set ims.identity.signing-key (the installation's RSA JWK), or "
					+ PUBLIC_KEY_LOCATION + " or " + JWK_SET_URI + " to verify the tokens of an external issuer");
		}
		Resource resource = new DefaultResourceLoader().getResource(location);
		try {
			String pem = resource.getContentAsString(StandardCharsets.US_ASCII)
				.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
				.replaceAll("\\s", "");
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the token verification key " + location, ex);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(location + " is not an RSA public key (PEM)", ex);
		}
	}

}
