package cloud.ims.gateway.keystone;

import java.time.Clock;
import java.time.Instant;

import cloud.ims.core.identity.Revocation;
import cloud.ims.gateway.keystone.PasswordAuth.ProjectReference;
import cloud.ims.gateway.keystone.PasswordAuth.UserReference;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The web console's sign-in and sign-out: the same password sign-in as {@code POST /v3/auth/tokens} (throttled and
 * audited alike), for a user of the default domain in a project named as the user knows it; signing out revokes the
 * session's token on every gateway, as {@code DELETE /v3/auth/tokens} does.
 */
@Component
public class ConsoleSessions {

	private final PasswordSignIn signIn;

	private final RevocationList revocations;

	private final ReactiveJwtDecoder decoder;

	private final Clock clock;

	ConsoleSessions(PasswordSignIn signIn, RevocationList revocations, ReactiveJwtDecoder decoder, Clock clock) {
		this.signIn = signIn;
		this.revocations = revocations;
		this.decoder = decoder;
		this.clock = clock;
	}

	/** A signed-in session: the token the console keeps in its cookie, and when it ends. */
	public record Session(String token, Instant expiresAt) {

		@Override
		public String toString() {
			return "Session[expiresAt=" + this.expiresAt + "]";
		}

	}

	/** Signs the user in; no project asks for the user's default one. Refusals are the sign-in API's own. */
	public Mono<Session> signIn(String userName, String password, @Nullable String projectName, String clientAddress) {
		PasswordAuth auth = new PasswordAuth(new UserReference(null, userName, true), password,
				(projectName != null) ? new ProjectReference(null, projectName, true) : null);
		return this.signIn.signIn(auth, clientAddress)
			.map((signedIn) -> new Session(signedIn.token().value(), signedIn.token().expiresAt()));
	}

	/** Revokes the session's token; one that is no longer valid needs nothing. */
	public Mono<Void> signOut(String token) {
		return this.decoder.decode(token)
			.filter((jwt) -> jwt.getId() != null && jwt.getExpiresAt() != null)
			.flatMap((jwt) -> this.revocations.revoke(Revocation.ofToken(jwt.getId(), this.clock.instant(),
					jwt.getExpiresAt())))
			.onErrorResume(JwtException.class, (invalid) -> Mono.empty());
	}

}
