package cloud.ims.standalone.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs access tokens with the installation's JWT key, the way an identity provider would in production, so that a
 * standalone user can call the API. The gateway verifies them with the matching public key.
 */
public final class TokenIssuer {

	/** The {@code iss} claim of every token ({@code ims.identity.issuer}'s default). */
	public static final String ISSUER = "ims";

	/** The {@code aud} claim of every token ({@code ims.identity.audience}'s default). */
	public static final String AUDIENCE = "ims";

	private final RSAKey signingKey;

	private final Clock clock;

	TokenIssuer(RSAKey signingKey, Clock clock) {
		this.signingKey = signingKey;
		this.clock = clock;
	}

	/**
	 * A signed RS256 JWT for {@code userId} in {@code projectId}; an admin has the roles {@code admin} and
	 * {@code member}, anyone else only {@code member}.
	 */
	public String issue(String projectId, String userId, boolean admin, Duration ttl) {
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(AUDIENCE)
			.jwtID(UUID.randomUUID().toString())
			.subject(userId)
			.claim("project_id", projectId)
			.claim("roles", admin ? List.of("admin", "member") : List.of("member"))
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(ttl)))
			.build();
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.signingKey.getKeyID()).build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(new RSASSASigner(this.signingKey));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign the token", ex);
		}
		return jwt.serialize();
	}
}
