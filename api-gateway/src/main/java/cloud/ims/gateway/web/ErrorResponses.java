package cloud.ims.gateway.web;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes an error body straight to the response, for the places that run before any controller (security); on the
 * Keystone API in Keystone's shape.
 */
public final class ErrorResponses {

	private ErrorResponses() {
	}

	public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String code, String message) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		exchange.getAttributes().put(ApiErrors.ERROR_CODE, code);
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		String json = isKeystone(exchange)
				? "{\"error\":{\"code\":" + status.value() + ",\"title\":\"" + escape(status.getReasonPhrase())
						+ "\",\"message\":\"" + escape(message) + "\",\"ims_code\":\"" + code + "\",\"request_id\":\""
						+ escape(RequestIds.of(exchange)) + "\"}}"
				: "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + escape(message) + "\",\"request_id\":\""
						+ escape(RequestIds.of(exchange)) + "\"}}";
		DataBuffer body = response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

	/** The Keystone API ({@code /v3}) answers in Keystone's error shape, which its clients read. */
	private static boolean isKeystone(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		return path.equals("/v3") || path.startsWith("/v3/");
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"");
	}

}
