package cloud.ims.gateway.keystone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import cloud.ims.gateway.security.TokenClaims;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

/**
 * Signs the gateway's tokens (RS256) with the installation's key, the one {@code ./ims token} signs with, so that
 * both kinds of token are verified alike: {@code iss}, {@code aud}, {@code sub}, {@code project_id}, {@code roles},
 * {@code iat}, {@code exp} and a {@code jti} by which one token can be revoked.
 */
final class TokenSigner {

	private final RSAKey key;

	private final IdentitySettings settings;

	private final Clock clock;

	TokenSigner(RSAKey key, IdentitySettings settings, Clock clock) {
		this.key = key;
		this.settings = settings;
		this.clock = clock;
	}

	static RSAKey readKey(Path file) {
		try {
			return RSAKey.parse(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the token signing key " + file, ex);
		}
		catch (ParseException ex) {
			throw new IllegalStateException(file + " is not an RSA JWK", ex);
		}
	}

	static RSAPublicKey publicKey(RSAKey key) {
		try {
			return key.toRSAPublicKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("The token signing key has no RSA public key", ex);
		}
	}

	IssuedToken issue(String userId, @Nullable String projectId, List<String> roles) {
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = issuedAt.plus(this.settings.tokenLifetime());
		String id = UUID.randomUUID().toString();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.settings.issuer())
			.audience(this.settings.audience())
			.subject(userId)
			.jwtID(id)
			.claim(TokenClaims.ROLES, roles)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt));
		if (projectId != null) {
			claims.claim(TokenClaims.PROJECT_ID, projectId);
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).build(),
				claims.build());
		try {
			jwt.sign(new RSASSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign the token", ex);
		}
		return new IssuedToken(jwt.serialize(), id, userId, projectId, List.copyOf(roles), issuedAt, expiresAt);
	}

}
