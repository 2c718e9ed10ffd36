package cloud.ims.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import cloud.ims.core.idempotency.IdempotencyRecord;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.idempotency.IdempotencyRecords;
import cloud.ims.gateway.security.TokenClaims;
import cloud.ims.gateway.web.HttpSettings;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotentRequestsTests {

	private final Handler handler = new Handler();

	private final InMemoryRecords records = new InMemoryRecords();

	private final IdempotentRequests filter = new IdempotentRequests(this.records,
			new IdempotencySettings(Duration.ofHours(8), Duration.ofSeconds(1), Duration.ofMinutes(10)),
			new HttpSettings(DataSize.ofKilobytes(64)), Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));

	@Test
	void handsAFirstRequestToItsHandlerOnce() {
		MockServerWebExchange exchange = exchange("once");

		this.filter.filter(exchange, this.handler).block();

		assertThat(this.handler.calls).hasValue(1);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"job_id\":\"j-1\"}");
	}

	@Test
	void answersARetryWithoutHandingItToTheHandler() {
		this.filter.filter(exchange("retried"), this.handler).block();
		MockServerWebExchange retry = exchange("retried");

		this.filter.filter(retry, this.handler).block();

		assertThat(this.handler.calls).hasValue(1);
		assertThat(retry.getResponse().getHeaders().getFirst("X-Idempotent-Replay")).isEqualTo("true");
		assertThat(retry.getResponse().getBodyAsString().block()).isEqualTo("{\"job_id\":\"j-1\"}");
	}

	@Test
	void handsARequestWithoutAnAuthenticatedCallerToItsHandlerOnce() {
		MockServerWebExchange anonymous = MockServerWebExchange.from(request("anonymous"));

		this.filter.filter(anonymous, this.handler).block();

		assertThat(this.handler.calls).hasValue(1);
	}

	@Test
	void refusesABodyOverTheBoundUnreadAndClaimsNothing() {
		Flux<DataBuffer> endless = Flux.generate((sink) -> sink.next(DefaultDataBufferFactory.sharedInstance
			.wrap(new byte[16 * 1024])));
		MockServerWebExchange large = exchange(MockServerHttpRequest.post("/v1/demo/cloudservers")
			.header(IdempotentRequests.HEADER, "large")
			.contentType(MediaType.APPLICATION_JSON)
			.body(endless));

		assertThatThrownBy(() -> this.filter.filter(large, this.handler).block())
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMS.0413"));

		assertThat(this.handler.calls).hasValue(0);
		assertThat(this.records.find("demo/alice/large").blockOptional()).isEmpty();
	}

	private static MockServerWebExchange exchange(String token) {
		return exchange(request(token));
	}

	private static MockServerWebExchange exchange(MockServerHttpRequest request) {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "none")
			.subject("alice")
			.claim(TokenClaims.PROJECT_ID, "demo")
			.build();
		return MockServerWebExchange.builder(request).principal(new JwtAuthenticationToken(jwt)).build();
	}

	private static MockServerHttpRequest request(String token) {
		return MockServerHttpRequest.post("/v1/demo/cloudservers")
			.header(IdempotentRequests.HEADER, token)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"server\":{\"name\":\"web\"}}");
	}

	/** Answers 202 with a job, as the controllers do, and counts how often it ran. */
	private static final class Handler implements WebFilterChain {

		private final AtomicInteger calls = new AtomicInteger();

		@Override
		public Mono<Void> filter(ServerWebExchange exchange) {
			this.calls.incrementAndGet();
			exchange.getResponse().setStatusCode(HttpStatus.ACCEPTED);
			exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
			return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory()
				.wrap("{\"job_id\":\"j-1\"}".getBytes(StandardCharsets.UTF_8))));
		}

	}

	private static final class InMemoryRecords implements IdempotencyRecords {

		private final Map<String, IdempotencyRecord> records = new ConcurrentHashMap<>();

		@Override
		public Mono<Boolean> claim(IdempotencyRecord record) {
			return Mono.fromSupplier(() -> this.records.putIfAbsent(record.key(), record) == null);
		}

		@Override
		public Mono<IdempotencyRecord> find(String key) {
			return Mono.justOrEmpty(this.records.get(key));
		}

		@Override
		public Mono<Void> answer(String key, IdempotencyRecord.Answer answer) {
			return Mono.fromRunnable(() -> this.records.computeIfPresent(key,
					(k, record) -> new IdempotencyRecord(k, record.fingerprint(), answer, record.expiresAt())));
		}

		@Override
		public Mono<Void> forget(String key) {
			return Mono.fromRunnable(() -> this.records.remove(key));
		}

		@Override
		public Mono<Long> purgeExpired(Instant now) {
			return Mono.just(0L);
		}

	}

}
