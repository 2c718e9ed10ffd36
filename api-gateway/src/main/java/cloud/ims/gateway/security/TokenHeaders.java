package cloud.ims.gateway.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads the token from {@code X-Auth-Token} (OpenStack and Huawei clients) or {@code Authorization: Bearer}.
 */
class TokenHeaders implements ServerAuthenticationConverter {

	static final String X_AUTH_TOKEN = "X-Auth-Token";

	private final ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		String token = exchange.getRequest().getHeaders().getFirst(X_AUTH_TOKEN);
		if (StringUtils.hasText(token)) {
			return Mono.just(new BearerTokenAuthenticationToken(token.trim()));
		}
		return this.bearer.convert(exchange);
	}

}
