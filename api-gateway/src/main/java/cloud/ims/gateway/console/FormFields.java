package cloud.ims.gateway.console;

import java.util.List;

import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The fields of a submitted form (WebFlux binds {@code @RequestParam} to the query string only).
 */
record FormFields(MultiValueMap<String, String> values) {

	static Mono<FormFields> of(ServerWebExchange exchange) {
		return exchange.getFormData().map(FormFields::new);
	}

	/** The field's value, trimmed; empty when the form did not have it. */
	String text(String name) {
		String value = this.values.getFirst(name);
		return (value != null) ? value.trim() : "";
	}

	List<String> all(String name) {
		List<String> all = this.values.get(name);
		return (all != null) ? all : List.of();
	}

}
