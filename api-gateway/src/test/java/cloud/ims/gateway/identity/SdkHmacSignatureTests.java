package cloud.ims.gateway.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import cloud.ims.gateway.identity.Verification.Refused;
import cloud.ims.gateway.identity.Verification.Verified;
import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.SdkResponse;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.FieldExistence;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import com.huaweicloud.sdk.core.http.LocationType;
import com.huaweicloud.sdk.core.impl.DefaultHttpClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests signed by the Huawei Cloud Java SDK's own signer ({@link BasicCredentials} with an AK/SK) and sent by its
 * own HTTP client to a local server, which hands what arrived on the wire to {@link SignedRequestVerifier}.
 */
class SdkHmacSignatureTests {

	private static final String ACCESS_KEY = "HPUAJ1KXQ8ZP3RT0VW5C";

	private static final String SECRET_KEY = "q5Vb8GmN2xYtR7kLp0AsD3fH6jW9zXcE1uI4oPa";

	private static final String PROJECT_ID = "0b7a0e5c9a0d4b6e8c7f6a5b4c3d2e1f";

	private static final Instant NOW = Instant.parse("2026-12-07T10:15:30Z");

	private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

	private static final BlockingQueue<SignedRequest> received = new LinkedBlockingQueue<>();

	private static HttpServer server;

	private static DefaultHttpClient sdkHttp;

	private final AccessKeys keys = (access) -> ACCESS_KEY.equals(access)
			? Optional.of(AccessKeySecret.active(SECRET_KEY)) : Optional.empty();

	private final SignedRequestVerifier verifier = new SignedRequestVerifier(Clock.fixed(NOW, ZoneOffset.UTC));

	@BeforeAll
	static void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", SdkHmacSignatureTests::receive);
		server.start();
		sdkHttp = new DefaultHttpClient(HttpConfig.getDefaultHttpConfig());
	}

	@AfterAll
	static void stop() {
		server.stop(0);
	}

	@Test
	void verifiesAGetWhoseQueryNeedsPercentEncodingAndRepeatsAKey() {
		SignedRequest request = sent(HttpRequest.newBuilder()
			.withMethod(HttpMethod.GET)
			.withPath("/v2/cloudimages")
			.addQueryParam("name", List.of("web server ~*'!(1)+ü€"))
			.addQueryParam("tag", List.of("zeta=1", "alpha&2", "zeta=1"))
			.addQueryParam("__imagetype", List.of("gold"))
			.addQueryParam("marker", List.of("")));

		assertThat(request.rawQuery()).as("as OkHttp sends it").contains("%7E", "*", "%2B", "tag=zeta%3D1&tag=alpha%262&tag=zeta%3D1");
		assertThat(this.verifier.verify(request, this.keys)).isEqualTo(new Verified(ACCESS_KEY));
	}

	@Test
	void verifiesAPostWithAJsonBody() {
		SignedRequest request = sent(HttpRequest.newBuilder()
			.withMethod(HttpMethod.POST)
			.withPath("/v2/cloudimages/action")
			.withContentType("application/json;charset=UTF-8")
			.withBodyAsString("{\"name\":\"ubuntu \u00e9t\u00e9\",\"instance_id\":\"7f0c\",\"tags\":[\"a\"]}"));

		assertThat(request.header("x-sdk-content-sha256")).isNull();
		assertThat(this.verifier.verify(request, this.keys)).isEqualTo(new Verified(ACCESS_KEY));
	}

	@Test
	void verifiesAPathWithoutATrailingSlash() {
		SignedRequest request = sent(HttpRequest.newBuilder().withMethod(HttpMethod.GET).withPath("/v2/images"));

		assertThat(request.rawPath()).isEqualTo("/v2/images");
		assertThat(this.verifier.verify(request, this.keys)).isEqualTo(new Verified(ACCESS_KEY));
	}

	@Test
	void verifiesAPathWithATrailingSlash() {
		SignedRequest request = sent(HttpRequest.newBuilder().withMethod(HttpMethod.GET).withPath("/v2/images/"));

		assertThat(request.rawPath()).isEqualTo("/v2/images/");
		assertThat(this.verifier.verify(request, this.keys)).isEqualTo(new Verified(ACCESS_KEY));
	}

	@Test
	void signsAPathWithAndWithoutTrailingSlashAlikeAsTheSdkDoes() {
		SignedRequest request = sent(HttpRequest.newBuilder().withMethod(HttpMethod.GET).withPath("/v2/images"));

		SignedRequest slashed = new SignedRequest(request.method(), "/v2/images/", request.rawQuery(),
				request.headers(), request.bodySha256());
		assertThat(this.verifier.verify(slashed, this.keys)).isEqualTo(new Verified(ACCESS_KEY));
	}

	@Test
	void verifiesAPathSegmentThatNeedsPercentEncoding() {
		SignedRequest request = sent(HttpRequest.newBuilder()
			.withMethod(HttpMethod.DELETE)
			.withPath("/v2/{project_id}/images/{image_id}/tags/{key}")
			.addPathParam("image_id", "4f1c2a3b-0d9e-4c8b-9a7f-6e5d4c3b2a10")
			.addPathParam("key", "cost center:ü"));

		assertThat(request.rawPath()).isEqualTo("/v2/" + PROJECT_ID
				+ "/images/4f1c2a3b-0d9e-4c8b-9a7f-6e5d4c3b2a10/tags/cost%20center:%C3%BC");
		assertThat(this.verifier.verify(request, this.keys)).isEqualTo(new Verified(ACCESS_KEY));
	}

	@Test
	void verifiesACallMadeThroughTheSdkClientWithTheDateItStamps() {
		HttpRequestDef<ListRequest, ListResponse> listImages = HttpRequestDef
			.builder(HttpMethod.GET, ListRequest.class, ListResponse.class)
			.withName("ListImages")
			.withUri("/v2/cloudimages")
			.withContentType("application/json")
			.withRequestField("name", LocationType.Query, FieldExistence.NULL_IGNORE, String.class,
					(field) -> field.withMarshaller(ListRequest::getName, ListRequest::setName))
			.withRequestField("X-Client-Token", LocationType.Header, FieldExistence.NULL_IGNORE, String.class,
					(field) -> field.withMarshaller(ListRequest::getClientToken, ListRequest::setClientToken))
			.build();
		HcClient client = new HcClient(HttpConfig.getDefaultHttpConfig()).withCredential(credentials(SECRET_KEY))
			.withEndpoints(List.of(endpoint()));
		ListRequest list = new ListRequest();
		list.setName("a b/c");
		list.setClientToken("token-1");

		client.syncInvokeHttp(list, listImages);

		SignedRequest request = next();
		assertThat(SdkHmacSignature.parse(request.header("authorization")).orElseThrow().signedHeaders())
			.containsExactly("host", "user-agent", "x-client-token", "x-project-id", "x-sdk-date");
		assertThat(new SignedRequestVerifier(Clock.systemUTC()).verify(request, this.keys))
			.isEqualTo(new Verified(ACCESS_KEY));
	}

	@Test
	void verifiesARequestSignedAtTheEdgeOfTheWindow() {
		Duration edge = Duration.ofMinutes(14).plusSeconds(59);

		assertThat(this.verifier.verify(sentAt(NOW.minus(edge)), this.keys)).isEqualTo(new Verified(ACCESS_KEY));
		assertThat(this.verifier.verify(sentAt(NOW.plus(edge)), this.keys)).isEqualTo(new Verified(ACCESS_KEY));
	}

	@Test
	void verifiesAnUploadWhoseBodyTheSdkLeavesUnsigned() {
		SignedRequest request = sent(HttpRequest.newBuilder()
			.withMethod(HttpMethod.PUT)
			.withPath("/v2/images/4f1c2a3b-0d9e-4c8b-9a7f-6e5d4c3b2a10/file")
			.withContentType("application/octet-stream")
			.withBody(new ByteArrayInputStream(new byte[] { 'Q', 'F', 'I', 0x7B })));

		assertThat(SignedRequest.declaresUnsignedPayload(request.headers())).isTrue();
		assertThat(this.verifier.verify(withBody(request, "other bytes"), this.keys))
			.as("the body is not part of the signature").isEqualTo(new Verified(ACCESS_KEY));
	}

	@Test
	void refusesSignatureOverAChangedBody() {
		SignedRequest request = sent(HttpRequest.newBuilder()
			.withMethod(HttpMethod.POST)
			.withPath("/v2/cloudimages/action")
			.withContentType("application/json")
			.withBodyAsString("{\"name\":\"ubuntu\"}"));

		assertRefused(this.verifier.verify(withBody(request, "{\"name\":\"ubuntv\"}"), this.keys),
				Refusal.SIGNATURE_MISMATCH);
	}

	@Test
	void refusesAChangedBodyWhoseHashTheSignerDeclared() {
		String body = "{\"name\":\"ubuntu\"}";
		SignedRequest request = sent(HttpRequest.newBuilder()
			.withMethod(HttpMethod.POST)
			.withPath("/v2/cloudimages/action")
			.withContentType("application/json")
			.addHeader("X-Sdk-Content-Sha256", SignedRequest.sha256Hex(body.getBytes(StandardCharsets.UTF_8)))
			.withBodyAsString(body));

		assertThat(this.verifier.verify(request, this.keys)).isEqualTo(new Verified(ACCESS_KEY));
		assertRefused(this.verifier.verify(withBody(request, "{\"name\":\"evil\"}"), this.keys),
				Refusal.SIGNATURE_MISMATCH);
	}

	@Test
	void refusesAChangedBodyThatDeclaresTheSignedHashUnsigned() {
		SignedRequest request = sent(HttpRequest.newBuilder()
			.withMethod(HttpMethod.POST)
			.withPath("/v2/cloudimages/action")
			.withContentType("application/json")
			.withBodyAsString("{\"name\":\"ubuntu\"}"));

		SignedRequest declared = withBody(withHeader(request, "X-Sdk-Content-Sha256", request.bodySha256()),
				"{\"name\":\"evil\"}");

		assertRefused(this.verifier.verify(declared, this.keys), Refusal.UNSIGNED_HEADER);
	}

	@Test
	void refusesAChangedSignedHeaderValue() {
		SignedRequest request = sent(HttpRequest.newBuilder().withMethod(HttpMethod.GET).withPath("/v2/images"));

		assertRefused(this.verifier.verify(withHeader(request, "X-Project-Id", "another-project"), this.keys),
				Refusal.SIGNATURE_MISMATCH);
	}

	@Test
	void refusesAChangedQuery() {
		SignedRequest request = sent(HttpRequest.newBuilder()
			.withMethod(HttpMethod.GET)
			.withPath("/v2/cloudimages")
			.addQueryParam("tag", List.of("zeta", "alpha")));

		assertRefused(this.verifier.verify(withQuery(request, "tag=alpha&tag=zeta"), this.keys),
				Refusal.SIGNATURE_MISMATCH);
		assertRefused(this.verifier.verify(withQuery(request, "tag=zeta&tag=alpha&limit=1"), this.keys),
				Refusal.SIGNATURE_MISMATCH);
	}

	@Test
	void refusesASignatureMadeWithAnotherSecret() {
		SignedRequest request = sent(HttpRequest.newBuilder().withMethod(HttpMethod.GET).withPath("/v2/images"),
				"not-" + SECRET_KEY, NOW);

		assertRefused(this.verifier.verify(request, this.keys), Refusal.SIGNATURE_MISMATCH);
	}

	@Test
	void refusesAnUnknownAccessKey() {
		SignedRequest request = sent(HttpRequest.newBuilder().withMethod(HttpMethod.GET).withPath("/v2/images"));

		assertRefused(this.verifier.verify(request, (access) -> Optional.empty()), Refusal.UNKNOWN_ACCESS_KEY);
	}

	@Test
	void refusesAnInactiveAccessKeyOnceTheSignatureIsRight() {
		SignedRequest request = sent(HttpRequest.newBuilder().withMethod(HttpMethod.GET).withPath("/v2/images"));

		assertRefused(this.verifier.verify(request, (access) -> Optional.of(AccessKeySecret.inactive(SECRET_KEY))),
				Refusal.INACTIVE_ACCESS_KEY);
		assertRefused(this.verifier.verify(request, (access) -> Optional.of(AccessKeySecret.inactive("other"))),
				Refusal.SIGNATURE_MISMATCH);
	}

	@Test
	void refusesADateSixteenMinutesOff() {
		Duration off = Duration.ofMinutes(16);

		assertRefused(this.verifier.verify(sentAt(NOW.minus(off)), this.keys), Refusal.DATE_OUT_OF_WINDOW);
		assertRefused(this.verifier.verify(sentAt(NOW.plus(off)), this.keys), Refusal.DATE_OUT_OF_WINDOW);
	}

	@Test
	void refusesAMissingOrMalformedDate() {
		SignedRequest request = sent(HttpRequest.newBuilder().withMethod(HttpMethod.GET).withPath("/v2/images"));

		assertRefused(this.verifier.verify(withoutHeader(request, "X-Sdk-Date"), this.keys), Refusal.MALFORMED_DATE);
		assertRefused(this.verifier.verify(withHeader(request, "X-Sdk-Date", "2026-12-07T10:15:30Z"), this.keys),
				Refusal.MALFORMED_DATE);
		assertRefused(this.verifier.verify(withHeader(request, "X-Sdk-Date", "20261332T101530Z"), this.keys),
				Refusal.MALFORMED_DATE);
	}

	@Test
	void refusesASignatureThatLeavesHostUnsigned() {
		SignedRequest request = sent(HttpRequest.newBuilder().withMethod(HttpMethod.GET).withPath("/v2/images"));

		assertRefused(this.verifier.verify(withAuthorization(request, (value) -> value.replace("host;", "")), this.keys),
				Refusal.UNSIGNED_HEADER);
		assertRefused(this.verifier.verify(withAuthorization(request, (value) -> value.replace(";x-sdk-date", "")),
				this.keys), Refusal.UNSIGNED_HEADER);
		assertRefused(this.verifier.verify(withAuthorization(request, (value) -> value.replace(";x-project-id", "")),
				this.keys), Refusal.UNSIGNED_HEADER);
		assertRefused(this.verifier.verify(withAuthorization(request, (value) -> value.replace("host;", "host;x-extra;")),
				this.keys), Refusal.UNSIGNED_HEADER);
	}

	@Test
	void refusesAMissingOrForeignAuthorization() {
		SignedRequest request = sent(HttpRequest.newBuilder().withMethod(HttpMethod.GET).withPath("/v2/images"));

		assertRefused(this.verifier.verify(withoutHeader(request, "Authorization"), this.keys),
				Refusal.MALFORMED_AUTHORIZATION);
		assertRefused(this.verifier.verify(withAuthorization(request, (value) -> "Bearer eyJhbGciOi"), this.keys),
				Refusal.MALFORMED_AUTHORIZATION);
		assertRefused(this.verifier.verify(withAuthorization(request, (value) -> value.replace("SDK-HMAC-SHA256",
				"SDK-HMAC-SM3")), this.keys), Refusal.MALFORMED_AUTHORIZATION);
		assertRefused(this.verifier.verify(withAuthorization(request, (value) -> value.substring(0, value.length() - 2)),
				this.keys), Refusal.MALFORMED_AUTHORIZATION);
		assertRefused(this.verifier.verify(withAuthorization(request, (value) -> value.replace(", Signature=", ", Sig=")),
				this.keys), Refusal.MALFORMED_AUTHORIZATION);
	}

	private void assertRefused(Verification verification, Refusal refusal) {
		assertThat(verification).isInstanceOfSatisfying(Refused.class, (refused) -> {
			assertThat(refused.refusal()).isEqualTo(refusal);
			assertThat(refused.code()).isEqualTo(refusal.code()).startsWith("IAM.01");
			assertThat(refused.message()).doesNotContain(SECRET_KEY).doesNotContainPattern("[0-9a-f]{64}");
			assertThat(refused.toException().code()).isEqualTo(refusal.code());
		});
	}

	private SignedRequest sent(HttpRequest.HttpRequestBuilder request) {
		return sent(request, SECRET_KEY, NOW);
	}

	private SignedRequest sentAt(Instant signedAt) {
		return sent(HttpRequest.newBuilder().withMethod(HttpMethod.GET).withPath("/v2/images"), SECRET_KEY, signedAt);
	}

	/**
	 * Completes the request as {@code HcClient} does (endpoint, User-Agent), signs it with the SDK's credentials, as
	 * of {@code signedAt} (the SDK signs an X-Sdk-Date it finds rather than the current time), sends it with the
	 * SDK's HTTP client, and answers what the server received.
	 */
	private SignedRequest sent(HttpRequest.HttpRequestBuilder request, String secret, Instant signedAt) {
		HttpRequest unsigned = request.withEndpoint(endpoint())
			.addHeader("User-Agent", "huaweicloud-usdk-java/3.0")
			.addHeader("X-Sdk-Date", SDK_DATE.format(LocalDateTime.ofInstant(signedAt, ZoneOffset.UTC)))
			.build();
		HttpRequest signed = credentials(secret).syncProcessAuthRequest(unsigned, sdkHttp);
		assertThat(sdkHttp.syncInvokeHttp(signed).getStatusCode()).isEqualTo(200);
		return next();
	}

	private static BasicCredentials credentials(String secret) {
		return new BasicCredentials().withAk(ACCESS_KEY).withSk(secret).withProjectId(PROJECT_ID);
	}

	private static String endpoint() {
		return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
	}

	private static SignedRequest next() {
		try {
			SignedRequest request = received.poll(10, TimeUnit.SECONDS);
			assertThat(request).as("the request the SDK sent").isNotNull();
			return request;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void receive(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.putAll(exchange.getRequestHeaders());
		received.add(SignedRequest.withBody(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
				exchange.getRequestURI().getRawQuery(), headers, body));
		byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, answer.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(answer);
		}
	}

	private static SignedRequest withBody(SignedRequest request, String body) {
		return SignedRequest.withBody(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
				body.getBytes(StandardCharsets.UTF_8));
	}

	private static SignedRequest withQuery(SignedRequest request, String rawQuery) {
		return new SignedRequest(request.method(), request.rawPath(), rawQuery, request.headers(),
				request.bodySha256());
	}

	private static SignedRequest withHeader(SignedRequest request, String name, String value) {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.putAll(request.headers());
		headers.put(name, List.of(value));
		return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers,
				request.bodySha256());
	}

	private static SignedRequest withoutHeader(SignedRequest request, String name) {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.putAll(request.headers());
		headers.remove(name);
		return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers,
				request.bodySha256());
	}

	private static SignedRequest withAuthorization(SignedRequest request, UnaryOperator<String> change) {
		return withHeader(request, "Authorization", change.apply(request.header("Authorization")));
	}

	/** A request type as the SDK's generated ones are: a bean whose fields the request definition reads. */
	public static class ListRequest {

		private String name;

		private String clientToken;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getClientToken() {
			return this.clientToken;
		}

		public void setClientToken(String clientToken) {
			this.clientToken = clientToken;
		}

	}

	public static class ListResponse extends SdkResponse {

	}

}
