package cloud.ims.gateway.console;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The console's own filter chain, placed before the API's and matching only the console and its assets, so that
 * the API keeps authenticating exactly as before (headers only, no cookies, no CSRF). Here the token comes from
 * the session cookie and is verified by the same decoder; every unsafe request needs the CSRF token (double submit
 * against a cookie, so that no server-side session is needed).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain consoleFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
		CookieServerCsrfTokenRepository csrfTokens = new CookieServerCsrfTokenRepository();
		csrfTokens.setCookiePath(SessionCookie.PATH);
		csrfTokens.setCookieCustomizer((cookie) -> cookie.sameSite("Strict").secure(true));
		return http
			.securityMatcher(ServerWebExchangeMatchers.pathMatchers(ConsolePaths.ROOT, ConsolePaths.ROOT + "/**",
					ConsolePaths.WEBJARS + "**"))
			// Stated explicitly: a resource server otherwise exempts every request that carries its bearer token
			// from CSRF, and here the bearer token is the cookie a browser sends by itself.
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.requireCsrfProtectionMatcher(CsrfWebFilter.DEFAULT_CSRF_MATCHER)
				.accessDeniedHandler(ConsoleSecurity::csrfRefused))
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers(ConsolePaths.SIGN_IN, ConsolePaths.ASSETS + "**", ConsolePaths.WEBJARS + "**")
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenConverter(new SessionCookie.Reader())
				.authenticationEntryPoint(toSignIn())
				.jwt((jwt) -> jwt.jwtDecoder(decoder)))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(toSignIn()))
			.build();
	}

	/** A form without a valid CSRF token: said in words, with the code, in the page's alert area for htmx. */
	private static Mono<Void> csrfRefused(ServerWebExchange exchange, AccessDeniedException denied) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.FORBIDDEN);
		response.getHeaders().setContentType(MediaType.TEXT_HTML);
		String alert = "<div class=\"alert error\"><strong>Error <code class=\"code\">IMS.0403</code>:</strong> "
				+ "<span class=\"message\">This form has expired or did not come from the console. Reload the page "
				+ "and try again.</span></div>";
		String body = alert;
		if (ConsolePaths.isHtmx(exchange)) {
			response.getHeaders().set("HX-Retarget", "#alerts");
			response.getHeaders().set("HX-Reswap", "innerHTML");
		}
		else {
			body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Refused · IMS console</title>"
					+ "<link rel=\"stylesheet\" href=\"/console/assets/console.css\"></head><body><main id=\"main\">"
					+ "<h1>Something could not be done</h1><div id=\"alerts\">" + alert
					+ "</div><p><a href=\"/console/images\">Back to the console</a></p></main></body></html>";
		}
		DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * Without a valid session, pages go to the sign-in form (htmx requests are told to go there, and get the reason
	 * in words for the page's alert area meanwhile); a cookie whose token is expired, forged, of another issuer or
	 * for another audience is one path: it is removed on the way and the form says the session has ended.
	 */
	private static ServerAuthenticationEntryPoint toSignIn() {
		return (exchange, failure) -> {
			ServerHttpResponse response = exchange.getResponse();
			boolean ended = SessionCookie.isPresent(exchange);
			if (ended) {
				response.addCookie(SessionCookie.clear());
			}
			URI signIn = URI.create(ConsolePaths.SIGN_IN + (ended ? "?expired=true" : ""));
			if (!ConsolePaths.isHtmx(exchange)) {
				response.setStatusCode(HttpStatus.SEE_OTHER);
				response.getHeaders().setLocation(signIn);
				return response.setComplete();
			}
			response.setStatusCode(HttpStatus.UNAUTHORIZED);
			response.getHeaders().set("HX-Redirect", signIn.toString());
			response.getHeaders().set("HX-Retarget", "#alerts");
			response.getHeaders().set("HX-Reswap", "innerHTML");
			response.getHeaders().setContentType(MediaType.TEXT_HTML);
			String alert = "<div class=\"alert error\"><strong>Error <code class=\"code\">IMS.0401</code>:</strong> "
					+ "<span class=\"message\">" + (ended ? "Your session has ended (it expired, or its token is not "
							+ "valid here)." : "You are not signed in.")
					+ " Sign in again at " + ConsolePaths.SIGN_IN + ".</span></div>";
			DataBuffer buffer = response.bufferFactory().wrap(alert.getBytes(StandardCharsets.UTF_8));
			return response.writeWith(Mono.just(buffer));
		};
	}

}
