package cloud.ims.gateway.identity;

import java.security.MessageDigest;
import java.util.HexFormat;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.gateway.web.ApiErrors;
import cloud.ims.gateway.web.ErrorResponses;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Authenticates a request whose {@code Authorization} is an {@code SDK-HMAC-SHA256} signature, in the API's filter
 * chain before the token filter: reads the body (at most {@code ims.identity.access-keys.max-signed-body}) to hash it,
 * has {@link AccessKeyAuthenticator} verify the request, and hands the same bytes on to the controller. A body the
 * signer left unsigned ({@code X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD}, as the SDK sends uploads) is never read here:
 * it streams on as it came. A request with {@code X-Auth-Token} is left to the token filter, as before.
 */
final class SignedRequestFilter implements WebFilter {

	private static final String X_AUTH_TOKEN = "X-Auth-Token";

	private static final String X_PROJECT_ID = "X-Project-Id";

	private final AccessKeyAuthenticator authenticator;

	private final int maxBody;

	SignedRequestFilter(AccessKeyAuthenticator authenticator, DataSize maxBody) {
		this.authenticator = authenticator;
		this.maxBody = (int) Math.min(Integer.MAX_VALUE, maxBody.toBytes());
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (!SdkHmacSignature.appliesTo(authorization) || headers.containsHeader(X_AUTH_TOKEN)) {
			return chain.filter(exchange);
		}
		return Mono.defer(() -> authenticate(exchange, authorization))
			.onErrorResume(ImsException.class, (refused) -> ErrorResponses.write(exchange,
					ApiErrors.statusOf(refused.kind()), refused.code(), refused.getMessage()).then(Mono.empty()))
			.flatMap((authenticated) -> chain.filter(authenticated.exchange())
				.contextWrite(ReactiveSecurityContextHolder.withAuthentication(authenticated.caller())));
	}

	/** The caller, with the exchange to go on with; an {@link ImsException} when the request is refused. */
	private Mono<Authenticated> authenticate(ServerWebExchange exchange, String authorization) {
		ServerHttpRequest request = exchange.getRequest();
		String accessKey = SdkHmacSignature.parse(authorization).map(SdkHmacSignature::accessKey).orElse("");
		String projectId = request.getHeaders().getFirst(X_PROJECT_ID);
		if (SignedRequest.declaresUnsignedPayload(request.getHeaders().asMultiValueMap())) {
			return this.authenticator.authenticate(signed(request, SignedRequest.EMPTY_BODY_SHA256), accessKey, projectId)
				.map((caller) -> new Authenticated(exchange, caller));
		}
		if (request.getHeaders().getContentLength() > this.maxBody) {
			return Mono.error(tooLarge());
		}
		return DataBufferUtils.join(request.getBody(), this.maxBody)
			.map(SignedRequestFilter::bytes)
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class, (exceeded) -> tooLarge())
			.flatMap((body) -> this.authenticator.authenticate(signed(request, sha256Hex(body)), accessKey, projectId)
				.map((caller) -> new Authenticated(exchange.mutate().request(replaying(request, body, exchange)).build(),
						caller)));
	}

	private static SignedRequest signed(ServerHttpRequest request, String bodySha256) {
		return new SignedRequest(request.getMethod().name(), request.getURI().getRawPath(),
				request.getURI().getRawQuery(), request.getHeaders().asMultiValueMap(), bodySha256);
	}

	private static byte[] bytes(DataBuffer joined) {
		try {
			byte[] body = new byte[joined.readableByteCount()];
			joined.read(body);
			return body;
		}
		finally {
			DataBufferUtils.release(joined);
		}
	}

	private static String sha256Hex(byte[] body) {
		MessageDigest digest = SignedRequest.sha256();
		return HexFormat.of().formatHex(digest.digest(body));
	}

	/** The request with the body that was read and hashed, for the controller to read again. */
	private static ServerHttpRequest replaying(ServerHttpRequest request, byte[] body, ServerWebExchange exchange) {
		return new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
			}
		};
	}

	private record Authenticated(ServerWebExchange exchange, AccessKeyAuthentication caller) {
	}

	private ImsException tooLarge() {
		return new ImsException(Kind.TOO_LARGE, AccessKeyAuthenticator.BODY_TOO_LARGE, "The body of a request whose "
				+ "body hash is signed may have at most " + this.maxBody + " bytes. Sign larger bodies with "
				+ "X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD, as the SDK signs uploads.");
	}

}
