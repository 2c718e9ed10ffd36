package cloud.ims.gateway.security;

import cloud.ims.gateway.identity.AccessKeyAuthenticator;
import cloud.ims.gateway.web.ErrorResponses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Every API call needs a verified JWT (or a signature with an access key, {@link AccessKeyAuthenticator}) except the
 * versions documents, health, the published event schemas and the Keystone sign-in.
 * Failures answer in the API's error shape.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ObjectProvider<AccessKeyAuthenticator> signedRequests) {
		// Absent only from web slice tests, which import no store.
		signedRequests.ifAvailable((authenticator) -> http.addFilterBefore(authenticator.webFilter(),
				SecurityWebFiltersOrder.AUTHENTICATION));
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers(HttpMethod.GET, "/", "/versions", "/v2", "/v2/", "/actuator/health", "/actuator/health/**",
						"/actuator/prometheus", "/v1/events/schemas", "/v1/events/schemas/**", "/v3", "/v3/")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/openapi", "/openapi/**", "/webjars/swagger-ui/**").permitAll()
				// Keystone sign-in: the password is the credential.
				.pathMatchers(HttpMethod.POST, "/v3/auth/tokens")
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenConverter(new TokenHeaders())
				.authenticationEntryPoint((exchange, failure) -> ErrorResponses.write(exchange, HttpStatus.UNAUTHORIZED,
						"IMS.0401", "Missing or invalid token. Send a valid token in X-Auth-Token or "
								+ "Authorization: Bearer (./ims token prints one)."))
				.accessDeniedHandler((exchange, denied) -> ErrorResponses.write(exchange, HttpStatus.FORBIDDEN,
						"IMS.0403", "The token does not allow this call."))
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(rolesAsAuthorities())))
			.exceptionHandling((handling) -> handling
				.authenticationEntryPoint((exchange, failure) -> ErrorResponses.write(exchange, HttpStatus.UNAUTHORIZED,
						"IMS.0401", "Missing or invalid token. Send a valid token in X-Auth-Token or "
								+ "Authorization: Bearer (./ims token prints one).")))
			.build();
	}

	/**
	 * A token's {@code roles} as Spring Security authorities ({@code ROLE_admin}), so that framework endpoints can be
	 * restricted by role: health details are shown to admins only ({@code management.endpoint.health.roles}).
	 */
	private static ReactiveJwtAuthenticationConverterAdapter rolesAsAuthorities() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(TokenClaims.ROLES);
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return new ReactiveJwtAuthenticationConverterAdapter(converter);
	}

	@Bean
	WebFluxConfigurer callerResolver() {
		return new WebFluxConfigurer() {
			@Override
			public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
				configurer.addCustomResolver(new CallerArgumentResolver());
			}
		};
	}

}
