package cloud.ims.gateway.audit;

import java.util.List;

import cloud.ims.gateway.security.CallerPrincipal;
import cloud.ims.gateway.security.TokenClaims;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Notes on a traced request the caller it authenticated as (a token's subject, project and roles, or the user of an
 * access key's signature). It runs after Spring Security's chains, where the principal is known.
 */
final class CallerNotes implements WebFilter, Ordered {

	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		AuditNotes notes = AuditFilter.notesOf(exchange);
		if (notes == null) {
			return chain.filter(exchange);
		}
		return exchange.getPrincipal().doOnNext((principal) -> {
			if (principal instanceof JwtAuthenticationToken jwt) {
				Jwt token = jwt.getToken();
				List<String> roles = token.getClaimAsStringList(TokenClaims.ROLES);
				notes.caller(token.getSubject(), token.getClaimAsString(TokenClaims.PROJECT_ID),
						(roles != null) ? roles : List.of());
			}
			else if (principal instanceof CallerPrincipal named) {
				notes.caller(named.userId(), named.projectId(), List.copyOf(named.roles()));
			}
		}).then(chain.filter(exchange));
	}

}
