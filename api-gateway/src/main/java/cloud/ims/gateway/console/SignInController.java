package cloud.ims.gateway.console;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.gateway.audit.AuditNotes;
import cloud.ims.gateway.keystone.ConsoleSessions;
import cloud.ims.gateway.security.TokenClaims;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Signing in with a user name, password and project (Keystone's sign-in) or with a token (the one {@code ./ims token}
 * prints, checked with the API's own decoder) puts the token into the console's session cookie; signing out revokes
 * the token and removes the cookie.
 */
@Controller
class SignInController {

	private final ReactiveJwtDecoder decoder;

	private final ConsoleSessions sessions;

	private final Clock clock;

	SignInController(ReactiveJwtDecoder decoder, ConsoleSessions sessions, Clock clock) {
		this.decoder = decoder;
		this.sessions = sessions;
		this.clock = clock;
	}

	@GetMapping({ ConsolePaths.ROOT, ConsolePaths.ROOT + "/" })
	Rendering home() {
		return Rendering.redirectTo(ConsolePaths.ROOT + "/images").build();
	}

	@GetMapping(ConsolePaths.SIGN_IN)
	String form(@RequestParam(required = false) @Nullable String expired, Model model) {
		if (expired != null) {
			model.addAttribute("error", new ConsoleError("IMS.0401",
					"Your session has ended (it expired, or it was signed out elsewhere). Sign in again."));
		}
		return "console/sign-in";
	}

	@PostMapping(ConsolePaths.SIGN_IN)
	Mono<Rendering> signIn(ServerWebExchange exchange) {
		return FormFields.of(exchange).flatMap((form) -> StringUtils.hasText(form.text("token"))
				? signIn(form.text("token"), exchange)
				: signIn(form.text("user"), form.text("password"), form.text("project"), exchange));
	}

	private Mono<Rendering> signIn(String user, String password, String project, ServerWebExchange exchange) {
		if (!StringUtils.hasText(user) || !StringUtils.hasText(password)) {
			return Mono.just(refused("IMS.0401", "Enter your user name and password (or sign in with a token)."));
		}
		return this.sessions.signIn(user.trim(), password, StringUtils.hasText(project) ? project.trim() : null,
				clientAddress(exchange))
			.map((session) -> {
				exchange.getResponse().addCookie(SessionCookie.issue(session.token(), session.expiresAt(),
						this.clock.instant()));
				return Rendering.redirectTo(ConsolePaths.ROOT + "/images").build();
			})
			.onErrorResume(ImsException.class, (refused) -> Mono.just(refused(refused.code(), refused.getMessage(),
					(refused.kind() == Kind.QUOTA) ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.UNAUTHORIZED)));
	}

	private Mono<Rendering> signIn(String token, ServerWebExchange exchange) {
		if (!StringUtils.hasText(token)) {
			return Mono.just(refused("IMS.0401", "Paste a token into the field. ./ims token prints one."));
		}
		return this.decoder.decode(token).flatMap((jwt) -> {
			if (!StringUtils.hasText(jwt.getSubject()) || !StringUtils.hasText(jwt.getClaimAsString(TokenClaims.PROJECT_ID))) {
				return Mono.just(refused("IMS.0401",
						"This token names no user or project. Ask for a token scoped to a project."));
			}
			exchange.getResponse().addCookie(SessionCookie.issue(token, expiry(jwt), this.clock.instant()));
			List<String> roles = jwt.getClaimAsStringList(TokenClaims.ROLES);
			return AuditNotes
				.note((notes) -> notes.actor(jwt.getSubject(), jwt.getClaimAsString(TokenClaims.PROJECT_ID),
						(roles != null) ? roles : List.of()))
				.thenReturn(Rendering.redirectTo(ConsolePaths.ROOT + "/images").build());
		})
			.onErrorResume(JwtException.class, (invalid) -> Mono.just(refused("IMS.0401",
					"This token is not valid here: it is malformed, expired, or signed by another installation. "
							+ "Get a fresh one with ./ims token.")));
	}

	/** Revokes the session's token, so that a copy of the cookie is worth nothing either. */
	@PostMapping(ConsolePaths.ROOT + "/sign-out")
	Mono<Rendering> signOut(ServerWebExchange exchange) {
		HttpCookie session = exchange.getRequest().getCookies().getFirst(SessionCookie.NAME);
		Mono<Void> revoked = (session != null && StringUtils.hasText(session.getValue()))
				? this.sessions.signOut(session.getValue()) : Mono.empty();
		return revoked.then(Mono.fromSupplier(() -> {
			exchange.getResponse().addCookie(SessionCookie.clear());
			return Rendering.redirectTo(ConsolePaths.SIGN_IN).build();
		}));
	}

	private static String clientAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	private Instant expiry(Jwt jwt) {
		return (jwt.getExpiresAt() != null) ? jwt.getExpiresAt() : this.clock.instant().plusSeconds(3600);
	}

	private static Rendering refused(String code, String message) {
		return refused(code, message, HttpStatus.UNAUTHORIZED);
	}

	private static Rendering refused(String code, String message, HttpStatus status) {
		return Rendering.view("console/sign-in")
			.modelAttribute("error", new ConsoleError(code, message))
			.status(status)
			.build();
	}

}
