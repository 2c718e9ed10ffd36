package cloud.ims.standalone.e2e;

import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Users who sign in with a password, made through the Keystone admin API of the test stack (with an admin token
 * of {@code ./ims token}'s kind).
 */
final class Accounts {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private Accounts() {
	}

	/** A new user with the member role in the project, which is created (id = name) unless it exists. */
	@SuppressWarnings("unchecked")
	static OpenStackCli.Account member(String projectId) {
		TestStack stack = TestStack.get();
		WebTestClient http = stack.client();
		String admin = stack.token("admin", "e2e-admin", true);
		http.post().uri("/v3/projects").header("X-Auth-Token", admin).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"project\":{\"id\":\"%s\",\"name\":\"%s\"}}".formatted(projectId, projectId))
			.exchange();
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String name = "cli-" + suffix;
		String password = "password-" + suffix;
		Map<String, Object> user = (Map<String, Object>) http.post().uri("/v3/users").header("X-Auth-Token", admin)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"user\":{\"name\":\"%s\",\"password\":\"%s\"}}".formatted(name, password))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(JSON).returnResult().getResponseBody().get("user");
		http.put().uri("/v3/projects/" + projectId + "/users/" + user.get("id") + "/roles/member")
			.header("X-Auth-Token", admin).exchange().expectStatus().isNoContent();
		return new OpenStackCli.Account(name, password, projectId);
	}

}
