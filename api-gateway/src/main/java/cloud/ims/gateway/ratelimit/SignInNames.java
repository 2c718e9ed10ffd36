package cloud.ims.gateway.ratelimit;

import java.util.Optional;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The user name a sign-in is for, read before the sign-in itself so that its bucket can be taken: from Keystone's
 * JSON body (read whole, it is small, and handed on) or from the console's form (which WebFlux keeps once read).
 */
final class SignInNames {

	/** A Keystone sign-in is a few hundred bytes; a larger body is refused before it is buffered. */
	static final int MAX_BODY = 16 * 1024;

	private final JsonMapper json;

	SignInNames(JsonMapper json) {
		this.json = json;
	}

	/** The exchange to go on with (its body, if read, kept) and the user name, when one was given. */
	Mono<Named> read(ServerWebExchange exchange) {
		if (exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/console/")) {
			return exchange.getFormData()
				.map((form) -> new Named(exchange, Optional.ofNullable(form.getFirst("user"))
					.map(String::trim)
					.filter((name) -> !name.isEmpty())));
		}
		ServerHttpRequest request = exchange.getRequest();
		return DataBufferUtils.join(request.getBody(), MAX_BODY).map((joined) -> {
			byte[] body = new byte[joined.readableByteCount()];
			joined.read(body);
			DataBufferUtils.release(joined);
			return body;
		}).defaultIfEmpty(new byte[0]).map((body) -> new Named(exchange.mutate()
			.request(new ServerHttpRequestDecorator(request) {
				@Override
				public Flux<DataBuffer> getBody() {
					return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
				}
			})
			.build(), keystoneUser(body)));
	}

	/**
	 * The user by name or else by id (one bucket for both: a name that is also an id only shares it); nothing when the
	 * body is not a password sign-in (the sign-in itself says why).
	 */
	private Optional<String> keystoneUser(byte[] body) {
		try {
			JsonNode user = this.json.readTree(body).path("auth").path("identity").path("password").path("user");
			if (user.path("name").isString()) {
				return Optional.of(user.path("name").asString());
			}
			if (user.path("id").isString()) {
				return Optional.of(user.path("id").asString());
			}
			return Optional.empty();
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	/** A sign-in with the user name it names, if any. */
	record Named(ServerWebExchange exchange, Optional<String> userName) {
	}

}
