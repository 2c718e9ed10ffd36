package cloud.ims.gateway.keystone;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway issues and verifies tokens ({@code ims.identity.*}).
 *
 * @param signingKey the RSA private JWK that signs tokens (standalone: {@code <data>/keys/jwt-signing-key.json});
 * without it the gateway issues no tokens and verifies with
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location} (an external issuer)
 * @param issuer the {@code iss} of issued tokens, required of every token
 * @param audience the {@code aud} of issued tokens, required of every token
 * @param tokenLifetime how long an issued token is valid
 * @param publicUrl the URL clients reach the gateway at, for the catalog; by default the URL a request came to
 * @param region the region of the catalog's endpoints
 * @param revocationPollInterval how often each replica reads the revocations recorded since its last read
 * @param rememberedTokens how many verified tokens each replica remembers, so that a token's signature is checked
 * once, not on every request (0: on every request)
 */
@ConfigurationProperties("ims.identity")
public record IdentitySettings(@Nullable Path signingKey, @DefaultValue("ims") String issuer,
		@DefaultValue("ims") String audience, @DefaultValue("24h") Duration tokenLifetime, @Nullable URI publicUrl,
		@DefaultValue("RegionOne") String region, @DefaultValue("250ms") Duration revocationPollInterval,
		@DefaultValue("10000") int rememberedTokens, @DefaultValue SignIn signIn, @DefaultValue Bootstrap bootstrap) {

	/**
	 * Throttling of failed sign-ins: once a user name (or a client address) has this many failures within the
	 * window, its sign-ins are refused (429) until the window ends.
	 */
	public record SignIn(@DefaultValue("5") int maxFailuresPerUser, @DefaultValue("20") int maxFailuresPerAddress,
			@DefaultValue("15m") Duration failureWindow) {
	}

	/**
	 * The administrator created at the first start: user {@code admin} with role {@code admin} in project
	 * {@code admin}, its generated password written to {@code passwordFile} (default
	 * {@code <ims.data-dir>/keys/admin-password}), readable by its owner only.
	 */
	public record Bootstrap(@DefaultValue("true") boolean enabled, @Nullable Path passwordFile) {
	}

}
