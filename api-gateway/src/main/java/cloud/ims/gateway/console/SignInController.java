package cloud.ims.gateway.console;

import java.time.Clock;
import java.time.Instant;

import cloud.ims.gateway.security.TokenClaims;
import org.jspecify.annotations.Nullable;
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
 * Signing in turns a token (the one {@code ./ims token} prints) into the console's session cookie, after checking
 * it with the API's own decoder; signing out removes the cookie.
 */
@Controller
class SignInController {

	private final ReactiveJwtDecoder decoder;

	private final Clock clock;

	SignInController(ReactiveJwtDecoder decoder, Clock clock) {
		this.decoder = decoder;
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
					"Your session has ended (the token expired or is no longer valid). Sign in again with a new token."));
		}
		return "console/sign-in";
	}

	@PostMapping(ConsolePaths.SIGN_IN)
	Mono<Rendering> signIn(ServerWebExchange exchange) {
		return FormFields.of(exchange).flatMap((form) -> signIn(form.text("token"), exchange));
	}

	private Mono<Rendering> signIn(String token, ServerWebExchange exchange) {
		if (!StringUtils.hasText(token)) {
			return Mono.just(refused("IMS.0401", "Paste a token into the field. ./ims token prints one."));
		}
		return this.decoder.decode(token).map((jwt) -> {
			if (!StringUtils.hasText(jwt.getSubject()) || !StringUtils.hasText(jwt.getClaimAsString(TokenClaims.PROJECT_ID))) {
				return refused("IMS.0401", "This token names no user or project. Ask for a token scoped to a project.");
			}
			exchange.getResponse().addCookie(SessionCookie.issue(token, expiry(jwt), this.clock.instant()));
			return Rendering.redirectTo(ConsolePaths.ROOT + "/images").build();
		})
			.onErrorResume(JwtException.class, (invalid) -> Mono.just(refused("IMS.0401",
					"This token is not valid here: it is malformed, expired, or signed by another installation. "
							+ "Get a fresh one with ./ims token.")));
	}

	@PostMapping(ConsolePaths.ROOT + "/sign-out")
	Rendering signOut(ServerWebExchange exchange) {
		exchange.getResponse().addCookie(SessionCookie.clear());
		return Rendering.redirectTo(ConsolePaths.SIGN_IN).build();
	}

	private Instant expiry(Jwt jwt) {
		return (jwt.getExpiresAt() != null) ? jwt.getExpiresAt() : this.clock.instant().plusSeconds(3600);
	}

	private static Rendering refused(String code, String message) {
		return Rendering.view("console/sign-in")
			.modelAttribute("error", new ConsoleError(code, message))
			.status(HttpStatus.UNAUTHORIZED)
			.build();
	}

}
