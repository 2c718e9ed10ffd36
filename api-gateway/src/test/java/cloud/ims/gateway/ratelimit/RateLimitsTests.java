package cloud.ims.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cloud.ims.gateway.ratelimit.RateLimitSettings.ClassLimits;
import cloud.ims.gateway.ratelimit.RateLimitSettings.Limit;
import cloud.ims.gateway.ratelimit.RateLimitSettings.SignInLimits;
import cloud.ims.gateway.security.TokenClaims;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitsTests {

	private static final Limit THREE_PER_MINUTE = new Limit(3, Duration.ofMinutes(1), 3);

	private final FakeTime time = new FakeTime();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RateLimitSettings settings = new RateLimitSettings(true,
			new ClassLimits(new Limit(100, null, 0), new Limit(100, null, 0), null), null,
			new SignInLimits(new Limit(100, null, 0), new Limit(1, Duration.ofMinutes(1), 2)),
			Map.of("small", new ClassLimits(null, THREE_PER_MINUTE, null)), Duration.ofMinutes(10), Duration.ZERO, 0,
			Duration.ZERO);

	private final RateLimits filter = new RateLimits(this.settings, this.time,
			new SignInNames(JsonMapper.builder().build()), this.meters);

	private final Handler handler = new Handler();

	@Test
	void refusesAProjectOverItsWriteLimitBeforeItsHandlerRuns() {
		for (int i = 0; i < 3; i++) {
			this.filter.filter(authenticated("small", "u" + i, MockServerHttpRequest.delete("/v2/images/i-" + i)),
					this.handler).block();
		}
		MockServerWebExchange refused = authenticated("small", "u9", MockServerHttpRequest.delete("/v2/images/i-9"));

		this.filter.filter(refused, this.handler).block();

		assertThat(this.handler.paths).containsExactly("/v2/images/i-0", "/v2/images/i-1", "/v2/images/i-2");
		assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("20");
		assertThat(refused.getResponse().getHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("3");
		assertThat(refused.getResponse().getHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
		assertThat(refused.getResponse().getBodyAsString().block()).contains("\"code\":\"IMS.0429\"")
			.contains("project small is over its limit of 3 writes per 60 seconds (bursts of 3). Retry in 20 seconds");
		assertThat(this.meters.counter(RateLimits.REFUSED_METRIC, "class", "writes", "scope", "project").count())
			.isEqualTo(1);
	}

	@Test
	void spacesTheAdmittedRequestsOfAProjectThatWentOverItsLimitAtItsRate() {
		RateLimitSettings paced = new RateLimitSettings(true, null, null, null,
				Map.of("small", new ClassLimits(null, THREE_PER_MINUTE, null)), Duration.ofMinutes(10), Duration.ZERO, 0,
				Duration.ofMinutes(1));
		RateLimits limits = new RateLimits(paced, this.time, new SignInNames(JsonMapper.builder().build()),
				this.meters);
		for (int i = 0; i < 4; i++) {
			limits.filter(authenticated("small", "u" + i, MockServerHttpRequest.delete("/v2/images/i-" + i)),
					this.handler).block();
		}
		this.time.advance(Duration.ofSeconds(40));

		limits.filter(authenticated("small", "u5", MockServerHttpRequest.delete("/v2/images/i-5")), this.handler)
			.block();
		Disposable waiting = limits
			.filter(authenticated("small", "u6", MockServerHttpRequest.delete("/v2/images/i-6")), this.handler)
			.subscribe();

		assertThat(this.handler.paths).containsExactly("/v2/images/i-0", "/v2/images/i-1", "/v2/images/i-2",
				"/v2/images/i-5");
		waiting.dispose();
		assertThat(this.handler.paths).doesNotContain("/v2/images/i-6");
	}

	@Test
	void saysTheLimitAndTheTokensLeftOnAnAdmittedRequest() {
		MockServerWebExchange admitted = authenticated("small", "u1", MockServerHttpRequest.delete("/v2/images/i-1"));

		this.filter.filter(admitted, this.handler).block();

		assertThat(admitted.getResponse().getHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("3");
		assertThat(admitted.getResponse().getHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("2");
	}

	@Test
	void letsAnotherProjectWriteWhileOneIsRefused() {
		for (int i = 0; i < 5; i++) {
			this.filter.filter(authenticated("small", "u1", MockServerHttpRequest.delete("/v2/images/i")),
					this.handler).block();
		}
		MockServerWebExchange other = authenticated("large", "u2", MockServerHttpRequest.delete("/v2/images/j"));

		this.filter.filter(other, this.handler).block();

		assertThat(other.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(this.handler.paths).hasSize(4).endsWith("/v2/images/j");
	}

	@Test
	void limitsSignInsByUserNameAndHandsTheBodyOnToTheSignIn() {
		List<MockServerWebExchange> signIns = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			MockServerWebExchange signIn = signIn("alice");
			this.filter.filter(signIn, this.handler).block();
			signIns.add(signIn);
		}
		MockServerWebExchange bob = signIn("bob");
		this.filter.filter(bob, this.handler).block();

		assertThat(signIns.get(2).getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(signIns.get(2).getResponse().getBodyAsString().block()).contains("\"ims_code\":\"IMS.0429\"")
			.contains("user name alice is over its limit of 1 sign-ins per 60 seconds");
		assertThat(this.handler.bodies).hasSize(3).allSatisfy((body) -> assertThat(body).contains("\"password\""));
		assertThat(this.handler.bodies.get(2)).contains("bob");
		assertThat(this.meters.counter(RateLimits.REFUSED_METRIC, "class", "sign-ins", "scope", "user_name").count())
			.isEqualTo(1);
	}

	@Test
	void leavesHealthAndUnauthenticatedRequestsAlone() {
		Limit one = new Limit(1, Duration.ofMinutes(1), 1);
		RateLimitSettings tight = new RateLimitSettings(true, new ClassLimits(one, one, one), null, null, null,
				Duration.ofMinutes(10), Duration.ZERO, 0, Duration.ZERO);
		RateLimits limits = new RateLimits(tight, this.time,
				new SignInNames(JsonMapper.builder().build()), this.meters);

		for (int i = 0; i < 3; i++) {
			limits.filter(authenticated("p1", "u1", MockServerHttpRequest.get("/actuator/health")), this.handler)
				.block();
			limits.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/versions")), this.handler).block();
		}

		assertThat(this.handler.paths).hasSize(6);
	}

	private static MockServerWebExchange authenticated(String projectId, String userId,
			MockServerHttpRequest.BaseBuilder<?> request) {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject(userId)
			.claim(TokenClaims.PROJECT_ID, projectId)
			.build();
		return MockServerWebExchange.builder(request.build()).principal(new JwtAuthenticationToken(jwt)).build();
	}

	private static MockServerWebExchange signIn(String user) {
		String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"" + user
				+ "\",\"domain\":{\"id\":\"default\"},\"password\":\"secret-password\"}}}}}";
		return MockServerWebExchange.from(MockServerHttpRequest.post("/v3/auth/tokens")
			.remoteAddress(new InetSocketAddress("192.0.2.7", 40000))
			.contentType(MediaType.APPLICATION_JSON)
			.body(body));
	}

	/** Records what reached it, bodies included. */
	private static final class Handler implements WebFilterChain {

		final List<String> paths = new ArrayList<>();

		final List<String> bodies = new ArrayList<>();

		@Override
		public Mono<Void> filter(ServerWebExchange exchange) {
			this.paths.add(exchange.getRequest().getPath().value());
			return DataBufferUtils.join(exchange.getRequest().getBody()).map((joined) -> {
				String body = joined.toString(StandardCharsets.UTF_8);
				DataBufferUtils.release(joined);
				return body;
			}).doOnNext(this.bodies::add).then();
		}

	}

}
