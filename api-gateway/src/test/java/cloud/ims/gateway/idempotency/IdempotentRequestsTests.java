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
import cloud.ims.core.idempotency.IdempotencyRecords;
import cloud.ims.gateway.security.TokenClaims;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotentRequestsTests {

	private final Handler handler = new Handler();

	private final IdempotentRequests filter = new IdempotentRequests(new InMemoryRecords(),
			new IdempotencySettings(Duration.ofHours(8), Duration.ofSeconds(1), Duration.ofMinutes(10)),
			Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));

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

	private static MockServerWebExchange exchange(String token) {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "none")
			.subject("alice")
			.claim(TokenClaims.PROJECT_ID, "demo")
			.build();
		return MockServerWebExchange.builder(request(token)).principal(new JwtAuthenticationToken(jwt)).build();
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
