package cloud.ims.gateway.security;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.gateway.web.RequestIds;
import org.springframework.core.MethodParameter;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Lets controllers take a {@link Caller} parameter, built from the verified token's claims or from the
 * {@link CallerPrincipal} of a request signed with an access key.
 */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Caller.class;
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.<Object>flatMap((principal) -> {
				if (principal instanceof JwtAuthenticationToken jwt) {
					return Mono.just(caller(jwt.getToken(), exchange));
				}
				if (principal instanceof CallerPrincipal named) {
					return Mono.just(new Caller(named.userId(), named.projectId(), Set.copyOf(named.roles()),
							RequestIds.of(exchange), Caller.Credential.ACCESS_KEY));
				}
				return Mono.empty();
			})
			.switchIfEmpty(Mono.error(() -> new ImsException(Kind.UNAUTHENTICATED, "IMS.0401",
					"This call needs a token: send X-Auth-Token or Authorization: Bearer.")));
	}

	static Caller caller(Jwt token, ServerWebExchange exchange) {
		String projectId = token.getClaimAsString(TokenClaims.PROJECT_ID);
		if (projectId == null || projectId.isBlank() || token.getSubject() == null) {
			throw new ImsException(Kind.UNAUTHENTICATED, "IMS.0401",
					"The token names no user or project. Ask for a token scoped to a project.");
		}
		List<String> roles = token.getClaimAsStringList(TokenClaims.ROLES);
		Set<String> roleSet = (roles != null) ? new HashSet<>(roles) : Set.of();
		return new Caller(token.getSubject(), projectId, Set.copyOf(roleSet), RequestIds.of(exchange));
	}

}
