package cloud.ims.gateway.web;

import java.util.List;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bounds every request body before anything reads it: first in the chain (after the request id), ahead of the
 * security filters, the client-token filter and the codecs, each of which may hold a body whole. A declared
 * {@code Content-Length} over {@code ims.http.max-json-body} is refused without reading a byte; a body without one
 * is counted as it arrives and refused when it passes the bound, whoever is reading it. Either way the answer is 413
 * {@value #CODE}. Image data streamed to an upload route is left alone: it is never held, and
 * {@code ims.import.max-size} bounds it.
 */
@Component
public class RequestBodyLimit implements WebFilter, Ordered {

	public static final String CODE = "IMS.0413";

	/** The routes that stream image data into the store rather than read it into memory. */
	private static final List<PathPattern> STREAMED = List.of(PathPatternParser.defaultInstance.parse("/v2/images/{id}/file"),
			PathPatternParser.defaultInstance.parse("/v2/images/{id}/stage"),
			PathPatternParser.defaultInstance.parse("/console/images/new/upload/{id}/file"));

	private final int limit;

	public RequestBodyLimit(HttpSettings settings) {
		this.limit = settings.maxJsonBodyBytes();
	}

	/** Right after {@link RequestIds}, so that the refusal carries the request id, and before everything else. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	/** The refusal of a body over the bound, the same wherever the bound is found out. */
	public static ImsException exceeded(int limit) {
		return new ImsException(Kind.TOO_LARGE, CODE, "The request body is larger than " + limit
				+ " bytes, the most this API reads (ims.http.max-json-body). Send a smaller body; image data goes to "
				+ "PUT /v2/images/{image_id}/file, which streams it.");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (isStreamedUpload(request)) {
			return chain.filter(exchange);
		}
		if (request.getHeaders().getContentLength() > this.limit) {
			return refuse(exchange);
		}
		return chain.filter(exchange.mutate().request(new Bounded(request, this.limit)).build())
			.onErrorResume(RequestBodyLimit::isExceeded, (exceeded) -> refuse(exchange));
	}

	static boolean isStreamedUpload(ServerHttpRequest request) {
		return HttpMethod.PUT.equals(request.getMethod())
				&& MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(request.getHeaders().getContentType())
				&& STREAMED.stream().anyMatch((pattern) -> pattern.matches(request.getPath().pathWithinApplication()));
	}

	private static boolean isExceeded(Throwable failure) {
		return failure instanceof ImsException refused && CODE.equals(refused.code());
	}

	private Mono<Void> refuse(ServerWebExchange exchange) {
		ImsException refused = exceeded(this.limit);
		return ErrorResponses.write(exchange, ApiErrors.statusOf(refused.kind()), refused.code(), refused.getMessage());
	}

	/** The request whose body fails, instead of going on, once more than the bound has arrived. */
	private static final class Bounded extends ServerHttpRequestDecorator {

		private final int limit;

		Bounded(ServerHttpRequest delegate, int limit) {
			super(delegate);
			this.limit = limit;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.defer(() -> {
				long[] received = { 0 };
				return super.getBody().handle((buffer, sink) -> {
					received[0] += buffer.readableByteCount();
					if (received[0] > this.limit) {
						DataBufferUtils.release(buffer);
						sink.error(exceeded(this.limit));
					}
					else {
						sink.next(buffer);
					}
				});
			});
		}

	}

}
