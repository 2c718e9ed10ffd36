package cloud.ims.standalone.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.huaweicloud.sdk.core.ClientBuilder;
import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.auth.ICredential;
import com.huaweicloud.sdk.core.http.HttpClient;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.http.HttpRequest;

/**
 * Lets the official Huawei Cloud SDK call the test stack with one of its JWTs. The SDK's own
 * {@code BasicCredentials} always signs with an AK/SK and may ask IAM for the project, neither of which this
 * system has; this credential only sends {@code X-Auth-Token} and fills the {@code {project_id}} of the paths.
 */
final class TokenCredential implements ICredential {

	private final String projectId;

	private final String token;

	TokenCredential(String projectId, String token) {
		this.projectId = projectId;
		this.token = token;
	}

	/**
	 * A client of the given SDK service ({@code ImsClient::new}, {@code EcsClient::new}) for the stack at
	 * {@code endpoint}. The builder is told this credential's class name, because the SDK's own builders accept
	 * only {@code BasicCredentials}; no region is set, so the SDK never looks the project up in IAM.
	 */
	<C> C client(Function<HcClient, C> service, String endpoint) {
		HttpConfig http = HttpConfig.getDefaultHttpConfig()
			.withIgnoreSSLVerification(true)
			.withConnectionTimeout(10)
			.withReadTimeout(30);
		return new ClientBuilder<>(service, TokenCredential.class.getSimpleName()).withCredential(this)
			.withHttpConfig(http)
			.withEndpoints(new ArrayList<>(List.of(endpoint)))
			.build();
	}

	@Override
	public CompletableFuture<ICredential> processAuthParams(HcClient hcClient, String regionId) {
		return CompletableFuture.completedFuture(this);
	}

	@Override
	public CompletableFuture<HttpRequest> processAuthRequest(HttpRequest request, HttpClient httpClient) {
		return CompletableFuture.completedFuture(syncProcessAuthRequest(request, httpClient));
	}

	@Override
	public HttpRequest syncProcessAuthRequest(HttpRequest request, HttpClient httpClient) {
		return request.builder()
			.addAutoFilledPathParam(Map.of("project_id", this.projectId))
			.addHeader("X-Auth-Token", this.token)
			.build();
	}

	@Override
	public ICredential deepClone() {
		return new TokenCredential(this.projectId, this.token);
	}

}
