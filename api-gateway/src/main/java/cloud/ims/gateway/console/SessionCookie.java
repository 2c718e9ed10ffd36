package cloud.ims.gateway.console;

import java.time.Duration;
import java.time.Instant;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The console's session: the signed token itself, in an HttpOnly, Secure, SameSite=Strict cookie scoped to
 * {@code /console}. Nothing is kept on the server, so any gateway instance serves any console request, and the
 * session ends when the token expires.
 */
final class SessionCookie {

	static final String NAME = "ims_console";

	static final String PATH = "/console";

	private SessionCookie() {
	}

	static ResponseCookie issue(String token, Instant expiresAt, Instant now) {
		return cookie(token).maxAge(Duration.between(now, expiresAt)).build();
	}

	static ResponseCookie clear() {
		return cookie("").maxAge(Duration.ZERO).build();
	}

	static boolean isPresent(ServerWebExchange exchange) {
		return exchange.getRequest().getCookies().getFirst(NAME) != null;
	}

	private static ResponseCookie.ResponseCookieBuilder cookie(String value) {
		return ResponseCookie.from(NAME, value).path(PATH).httpOnly(true).secure(true).sameSite("Strict");
	}

	/** Reads the token from the cookie, the way the API reads it from its headers; the sign-in page needs none. */
	static final class Reader implements ServerAuthenticationConverter {

		@Override
		public Mono<Authentication> convert(ServerWebExchange exchange) {
			if (exchange.getRequest().getPath().pathWithinApplication().value().startsWith(ConsolePaths.SIGN_IN)) {
				return Mono.empty();
			}
			HttpCookie cookie = exchange.getRequest().getCookies().getFirst(NAME);
			if (cookie == null || !StringUtils.hasText(cookie.getValue())) {
				return Mono.empty();
			}
			return Mono.just(new BearerTokenAuthenticationToken(cookie.getValue()));
		}

	}

}
