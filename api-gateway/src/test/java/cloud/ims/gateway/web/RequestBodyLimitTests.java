package cloud.ims.gateway.web;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBodyLimitTests {

	private static final int LIMIT = 64 * 1024;

	private final RequestBodyLimit filter = new RequestBodyLimit(new HttpSettings(DataSize.ofBytes(LIMIT)));

	private final Reader reader = new Reader();

	@Test
	void refusesADeclaredLengthOverTheBoundWithoutReadingOrPassingItOn() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v2/images")
			.contentType(MediaType.APPLICATION_JSON)
			.contentLength(700L * 1024 * 1024)
			.body(endless()));

		this.filter.filter(exchange, this.reader).block();

		assertRefused(exchange);
		assertThat(this.reader.calls).hasValue(0);
	}

	@Test
	void refusesABodyWithoutALengthOnceMoreThanTheBoundArrived() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v2/images")
			.contentType(MediaType.APPLICATION_JSON)
			.body(endless()));

		this.filter.filter(exchange, this.reader).block();

		assertRefused(exchange);
		assertThat(this.reader.read).hasValueLessThanOrEqualTo(LIMIT);
	}

	@Test
	void passesABodyWithinTheBoundOnWhole() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.patch("/v2/images/x")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Flux.range(0, 4).map((i) -> buffer(LIMIT / 4))));

		this.filter.filter(exchange, this.reader).block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.reader.read).hasValue(LIMIT);
	}

	@Test
	void leavesImageDataStreamedToAnUploadRouteAlone() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.put("/v2/images/x/file")
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(Flux.range(0, 8).map((i) -> buffer(LIMIT))));

		this.filter.filter(exchange, this.reader).block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.reader.read).hasValue(8L * LIMIT);
	}

	@Test
	void boundsJsonSentToAnUploadRouteAndDataSentElsewhere() {
		MockServerWebExchange json = MockServerWebExchange.from(MockServerHttpRequest.put("/v2/images/x/file")
			.contentType(MediaType.APPLICATION_JSON)
			.body(endless()));
		MockServerWebExchange data = MockServerWebExchange.from(MockServerHttpRequest.post("/v2/images")
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(endless()));

		this.filter.filter(json, this.reader).block();
		this.filter.filter(data, this.reader).block();

		assertRefused(json);
		assertRefused(data);
	}

	private static void assertRefused(MockServerWebExchange exchange) {
		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(413);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"IMS.0413\"")
			.contains("larger than " + LIMIT + " bytes");
	}

	private static Flux<DataBuffer> endless() {
		return Flux.generate((sink) -> sink.next(buffer(8 * 1024)));
	}

	private static DataBuffer buffer(int size) {
		return DefaultDataBufferFactory.sharedInstance.wrap(new byte[size]);
	}

	/** Reads the whole body, as a codec or the client-token filter does, and answers 200 if it could. */
	private static final class Reader implements WebFilterChain {

		private final AtomicLong calls = new AtomicLong();

		private final AtomicLong read = new AtomicLong();

		@Override
		public Mono<Void> filter(ServerWebExchange exchange) {
			this.calls.incrementAndGet();
			return exchange.getRequest()
				.getBody()
				.doOnNext((buffer) -> {
					this.read.addAndGet(buffer.readableByteCount());
					DataBufferUtils.release(buffer);
				})
				.then(Mono.fromRunnable(() -> exchange.getResponse().setStatusCode(HttpStatus.OK)));
		}

	}

}
