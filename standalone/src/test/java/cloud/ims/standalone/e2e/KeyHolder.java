package cloud.ims.standalone.e2e;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.huaweicloud.sdk.core.ClientBuilder;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import com.huaweicloud.sdk.core.http.HttpResponse;
import com.huaweicloud.sdk.core.impl.DefaultHttpClient;

/**
 * A user of the test stack with a role in a project of its own and an access key made through the credentials API;
 * it signs requests with the Huawei SDK's own {@link BasicCredentials} and sends them with the SDK's HTTP client.
 * The user and its role are made through the Keystone admin API.
 */
final class KeyHolder {

	private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

	private static final DefaultHttpClient SDK_HTTP = new DefaultHttpClient(
			HttpConfig.getDefaultHttpConfig().withIgnoreSSLVerification(true).withReadTimeout(30));

	final KeyUser user;

	final String userId;

	final String projectId;

	final String access;

	final String secret;

	private KeyHolder(KeyUser user, String access, String secret) {
		this.user = user;
		this.userId = user.userId;
		this.projectId = user.projectId;
		this.access = access;
		this.secret = secret;
	}

	/** A new user, a member of a new project, with one access key. */
	static KeyHolder newMember() {
		return of(KeyUser.create(false));
	}

	/** A new member of the project, with one access key. */
	static KeyHolder memberOf(String projectId) {
		return of(KeyUser.create(projectId, false));
	}

	private static KeyHolder of(KeyUser user) {
		Map<String, Object> credential = user.createKey(user.userId);
		return new KeyHolder(user, (String) credential.get("access"), (String) credential.get("secret"));
	}

	/** A client of the SDK service ({@code ImsClient.newBuilder()}, ...) signing with this key, as SDK users build one. */
	<C> C client(ClientBuilder<C> builder) {
		return builder.withCredential(credentials())
			.withHttpConfig(HttpConfig.getDefaultHttpConfig()
				.withIgnoreSSLVerification(true)
				.withConnectionTimeout(10)
				.withReadTimeout(30))
			.withEndpoints(new ArrayList<>(List.of(TestStack.get().baseUrl())))
			.build();
	}

	BasicCredentials credentials() {
		return new BasicCredentials().withAk(this.access).withSk(this.secret).withProjectId(this.projectId);
	}

	/** Signs the request as of now with this key, and sends it. */
	HttpResponse send(HttpMethod method, String path, String jsonBody) {
		return send(sign(method, path, jsonBody, this.secret, Instant.now()), UnaryOperator.identity());
	}

	/** Signs with the given secret as of {@code signedAt}, changes the signed request, and sends it. */
	HttpResponse send(HttpRequest signed, UnaryOperator<HttpRequest.HttpRequestBuilder> change) {
		return SDK_HTTP.syncInvokeHttp(change.apply(signed.builder()).build());
	}

	HttpRequest sign(HttpMethod method, String path, String jsonBody, String withSecret, Instant signedAt) {
		int question = path.indexOf('?');
		HttpRequest.HttpRequestBuilder request = HttpRequest.newBuilder()
			.withMethod(method)
			.withEndpoint(TestStack.get().baseUrl())
			.withPath((question < 0) ? path : path.substring(0, question))
			.addHeader("User-Agent", "huaweicloud-usdk-java/3.0")
			.addHeader("X-Sdk-Date", SDK_DATE.format(LocalDateTime.ofInstant(signedAt, ZoneOffset.UTC)));
		if (question >= 0) {
			for (String parameter : path.substring(question + 1).split("&")) {
				String[] pair = parameter.split("=", 2);
				request.addQueryParam(pair[0], List.of((pair.length > 1) ? pair[1] : ""));
			}
		}
		if (!jsonBody.isEmpty()) {
			request.withContentType("application/json").withBodyAsString(jsonBody);
		}
		return new BasicCredentials().withAk(this.access)
			.withSk(withSecret)
			.withProjectId(this.projectId)
			.syncProcessAuthRequest(request.build(), SDK_HTTP);
	}

}
