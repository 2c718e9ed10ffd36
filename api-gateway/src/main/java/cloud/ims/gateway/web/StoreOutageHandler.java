package cloud.ims.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers 503 {@code IMS.0503} for a store outage that surfaces outside a controller, such as in the idempotency
 * filter claiming a token before the request reaches one ({@link ApiErrors} answers those inside controllers).
 * Runs before Spring Boot's handler, which would answer 500.
 */
@Component
class StoreOutageHandler implements WebExceptionHandler, Ordered {

	private static final Logger log = LoggerFactory.getLogger(StoreOutageHandler.class);

	@Override
	public int getOrder() {
		return -2;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		if (!StoreOutages.isOutage(failure)) {
			return Mono.error(failure);
		}
		log.warn("MongoDB unavailable serving {} {}: {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), failure.toString());
		return ErrorResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, StoreOutages.CODE, StoreOutages.MESSAGE);
	}

}
