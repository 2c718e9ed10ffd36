package cloud.ims.gateway.idempotency;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import cloud.ims.core.idempotency.IdempotencyRecord;
import cloud.ims.core.idempotency.IdempotencyRecords;
import cloud.ims.gateway.security.CallerPrincipal;
import cloud.ims.gateway.security.TokenClaims;
import cloud.ims.gateway.web.ErrorResponses;
import cloud.ims.gateway.web.HttpSettings;
import cloud.ims.gateway.web.RequestBodyLimit;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Makes every POST, PUT, PATCH and DELETE with an {@code X-Client-Token} idempotent: the first request claims the
 * token (an atomic insert) and its answer is stored; the same token with the same request within the retention
 * period gets that answer again, the same job id included, without anything being done again; with a different
 * request it is a 409 {@code IMS.0409}. Tokens are scoped to the user and project of the caller. A 5xx answer is not
 * kept, so that the client's retry can do the work.
 */
@Component
class IdempotentRequests implements WebFilter, Ordered {

	static final String HEADER = "X-Client-Token";

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final Set<HttpMethod> MUTATING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
			HttpMethod.DELETE);

	private static final List<String> REPEATED_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION,
			"X-Job-Id", "OpenStack-image-import-methods");

	private static final Duration POLL = Duration.ofMillis(100);

	private final IdempotencyRecords records;

	private final IdempotencySettings settings;

	private final Clock clock;

	private final int maxBody;

	IdempotentRequests(IdempotencyRecords records, IdempotencySettings settings, HttpSettings http, Clock clock) {
		this.records = records;
		this.settings = settings;
		this.maxBody = http.maxJsonBodyBytes();
		this.clock = clock;
	}

	/** After authentication (Spring Security's filter chain), so that a token is scoped to its caller. */
	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String token = exchange.getRequest().getHeaders().getFirst(HEADER);
		if (token == null || !MUTATING.contains(exchange.getRequest().getMethod())) {
			return chain.filter(exchange);
		}
		if (!TOKEN.matcher(token).matches()) {
			return ErrorResponses.write(exchange, HttpStatus.BAD_REQUEST, "IMS.0400",
					"X-Client-Token must be 1 to 64 letters, digits, '-' or '_'.");
		}
		// The key is wrapped so that "no caller to scope the token to" differs from a handled request, which is
		// empty too: passing a handled request on again would run its handler a second time on a committed response.
		return exchange.getPrincipal()
			.map((principal) -> key(principal, token))
			.defaultIfEmpty(Optional.empty())
			.flatMap((key) -> key.isPresent()
					? withBody(exchange, this.maxBody).flatMap((request) -> handle(key.get(), request, chain))
					: chain.filter(exchange));
	}

	private Mono<Void> handle(String key, Fingerprinted request, WebFilterChain chain) {
		IdempotencyRecord claim = new IdempotencyRecord(key, request.fingerprint(), null,
				this.clock.instant().plus(this.settings.retention()));
		return this.records.claim(claim).flatMap((claimed) -> claimed ? firstTime(key, request, chain)
				: again(key, request));
	}

	private Mono<Void> firstTime(String key, Fingerprinted request, WebFilterChain chain) {
		ServerWebExchange exchange = request.exchange();
		Recorder recorder = new Recorder(exchange.getResponse(), key);
		return chain.filter(exchange.mutate().response(recorder).build())
			.onErrorResume((failure) -> this.records.forget(key).then(Mono.error(failure)));
	}

	private Mono<Void> again(String key, Fingerprinted request) {
		ServerWebExchange exchange = request.exchange();
		return this.records.find(key)
			.filter((record) -> record.isAnswered() || !record.fingerprint().equals(request.fingerprint()))
			.repeatWhenEmpty((attempts) -> attempts.delayElements(POLL)
				.take(this.settings.inProgressWait().toMillis() / POLL.toMillis()))
			.flatMap((record) -> {
				if (!record.fingerprint().equals(request.fingerprint())) {
					return ErrorResponses.write(exchange, HttpStatus.CONFLICT, "IMS.0409",
							"X-Client-Token was used for a different request. Use a new token for a new request.");
				}
				return replay(exchange.getResponse(), record.answer());
			})
			.switchIfEmpty(Mono.defer(() -> ErrorResponses.write(exchange, HttpStatus.CONFLICT, "IMS.0409",
					"A request with this X-Client-Token is still being processed. Retry in a moment.")));
	}

	private static Mono<Void> replay(ServerHttpResponse response, IdempotencyRecord.Answer answer) {
		response.setStatusCode(HttpStatus.valueOf(answer.status()));
		answer.headers().forEach(response.getHeaders()::set);
		response.getHeaders().set("X-Idempotent-Replay", "true");
		if (answer.body().length == 0) {
			return response.setComplete();
		}
		return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())));
	}

	/**
	 * Reads a JSON body whole to fingerprint it, and hands the same bytes on; uploads are streamed. The body is read
	 * only up to the API's bound ({@link RequestBodyLimit} refuses a larger one before this filter runs; the bound
	 * here keeps this filter safe on its own), and nothing is claimed for a body over it.
	 */
	private static Mono<Fingerprinted> withBody(ServerWebExchange exchange, int maxBody) {
		ServerHttpRequest request = exchange.getRequest();
		if (MediaType.APPLICATION_OCTET_STREAM.isCompatibleWith(request.getHeaders().getContentType())) {
			return Mono.just(new Fingerprinted(exchange, RequestFingerprint.ofStream(request)));
		}
		if (request.getHeaders().getContentLength() > maxBody) {
			return Mono.error(RequestBodyLimit.exceeded(maxBody));
		}
		return DataBufferUtils.join(request.getBody(), maxBody)
			.onErrorMap(DataBufferLimitException.class, (exceeded) -> RequestBodyLimit.exceeded(maxBody))
			.map((joined) -> {
				byte[] body = new byte[joined.readableByteCount()];
				joined.read(body);
				DataBufferUtils.release(joined);
				return body;
			})
			.defaultIfEmpty(new byte[0])
			.map((body) -> new Fingerprinted(exchange.mutate()
				.request(new ServerHttpRequestDecorator(request) {
					@Override
					public Flux<DataBuffer> getBody() {
						return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
					}
				})
				.build(), RequestFingerprint.of(request, body)));
	}

	/** The token scoped to its caller, whether a JWT or an access key's signature authenticated it. */
	private static Optional<String> key(Principal principal, String token) {
		if (principal instanceof JwtAuthenticationToken jwt) {
			return Optional.of(jwt.getToken().getClaimAsString(TokenClaims.PROJECT_ID) + "/" + jwt.getToken().getSubject()
					+ "/" + token);
		}
		if (principal instanceof CallerPrincipal caller) {
			return Optional.of(caller.projectId() + "/" + caller.userId() + "/" + token);
		}
		return Optional.empty();
	}

	/** A request with its fingerprint. */
	private record Fingerprinted(ServerWebExchange exchange, String fingerprint) {
	}

	/** Passes the answer on to the client and keeps a copy of it for the token. */
	private final class Recorder extends ServerHttpResponseDecorator {

		private final String key;

		Recorder(ServerHttpResponse delegate, String key) {
			super(delegate);
			this.key = key;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			return DataBufferUtils.join(Flux.from(body)).flatMap((joined) -> {
				byte[] bytes = new byte[joined.readableByteCount()];
				joined.read(bytes);
				DataBufferUtils.release(joined);
				return keep(bytes).then(super.writeWith(Mono.just(bufferFactory().wrap(bytes))));
			});
		}

		@Override
		public Mono<Void> setComplete() {
			return keep(new byte[0]).then(super.setComplete());
		}

		private Mono<Void> keep(byte[] body) {
			HttpStatus status = HttpStatus.resolve((getStatusCode() != null) ? getStatusCode().value() : 200);
			if (status == null || status.is5xxServerError()) {
				return IdempotentRequests.this.records.forget(this.key);
			}
			Map<String, String> headers = new LinkedHashMap<>();
			REPEATED_HEADERS.forEach((name) -> {
				String value = getHeaders().getFirst(name);
				if (value != null) {
					headers.put(name, value);
				}
			});
			return IdempotentRequests.this.records.answer(this.key,
					new IdempotencyRecord.Answer(status.value(), headers, body));
		}

	}

}
