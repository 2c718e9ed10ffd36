package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import cloud.ims.standalone.keys.TokenIssuer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Tokens signed with the test stack's own JWT key (so that the signature verifies) but with one defect each: expired,
 * issued by someone else, or meant for another audience. Only those claims differ from a valid token.
 */
final class ForgedTokens {

	private ForgedTokens() {
	}

	static String expired(String projectId, String userId) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		return sign(claims(projectId, userId, TokenIssuer.ISSUER, TokenIssuer.AUDIENCE, now.minus(Duration.ofHours(2)),
				now.minus(Duration.ofHours(1))));
	}

	static String wrongIssuer(String projectId, String userId) {
		return sign(valid(projectId, userId, "https://identity.elsewhere.example", TokenIssuer.AUDIENCE));
	}

	static String wrongAudience(String projectId, String userId) {
		return sign(valid(projectId, userId, TokenIssuer.ISSUER, "another-service"));
	}

	private static JWTClaimsSet valid(String projectId, String userId, String issuer, String audience) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		return claims(projectId, userId, issuer, audience, now, now.plus(Duration.ofHours(1)));
	}

	private static JWTClaimsSet claims(String projectId, String userId, String issuer, String audience,
			Instant issuedAt, Instant expiresAt) {
		return new JWTClaimsSet.Builder().issuer(issuer)
			.audience(audience)
			.jwtID(UUID.randomUUID().toString())
			.subject(userId)
			.claim("project_id", projectId)
			.claim("roles", List.of("member"))
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.build();
	}

	private static String sign(JWTClaimsSet claims) {
		try {
			RSAKey key = RSAKey.parse(Files.readString(TestStack.get().dataDir().resolve("keys/jwt-signing-key.json")));
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ParseException | JOSEException ex) {
			throw new IllegalStateException("Cannot sign with the test stack's JWT key", ex);
		}
	}

}
