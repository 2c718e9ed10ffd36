package cloud.ims.gateway.console;

import org.springframework.web.server.ServerWebExchange;

/**
 * The console's paths that other classes refer to.
 */
final class ConsolePaths {

	static final String ROOT = "/console";

	static final String SIGN_IN = "/console/sign-in";

	static final String ASSETS = "/console/assets/";

	static final String WEBJARS = "/webjars/";

	private ConsolePaths() {
	}

	static boolean isHtmx(ServerWebExchange exchange) {
		return "true".equals(exchange.getRequest().getHeaders().getFirst("HX-Request"));
	}

}
