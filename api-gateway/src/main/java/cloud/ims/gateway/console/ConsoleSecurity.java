package cloud.ims.gateway.console;

import java.net.URI;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
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
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens))
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

	/**
	 * Without a valid session, pages go to the sign-in form (htmx requests are told to go there); an expired or
	 * forged cookie is removed on the way.
	 */
	private static ServerAuthenticationEntryPoint toSignIn() {
		return (exchange, failure) -> {
			ServerHttpResponse response = exchange.getResponse();
			boolean expired = SessionCookie.isPresent(exchange);
			if (expired) {
				response.addCookie(SessionCookie.clear());
			}
			URI signIn = URI.create(ConsolePaths.SIGN_IN + (expired ? "?expired" : ""));
			if (ConsolePaths.isHtmx(exchange)) {
				response.setStatusCode(HttpStatus.UNAUTHORIZED);
				response.getHeaders().set("HX-Redirect", signIn.toString());
			}
			else {
				response.setStatusCode(HttpStatus.SEE_OTHER);
				response.getHeaders().setLocation(signIn);
			}
			return Mono.<Void>empty().then(response.setComplete());
		};
	}

}
