package cloud.ims.standalone.e2e;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user with a role in a project (a member, or an admin too), made through the Keystone admin API, calling the API
 * with a token of it.
 */
final class KeyUser {

	static final String CREDENTIALS = "/v3.0/OS-CREDENTIAL/credentials";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	final String userId;

	final String projectId;

	final String token;

	private final WebTestClient http;

	private KeyUser(String userId, String projectId, String token) {
		this.userId = userId;
		this.projectId = projectId;
		this.token = token;
		this.http = TestStack.get().client();
	}

	static KeyUser create(boolean admin) {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		return create("p-" + suffix, admin);
	}

	/**
	 * A new user with a role in the project (created first if need be), through the Keystone admin API with an
	 * admin's token of the stack's signing key.
	 */
	@SuppressWarnings("unchecked")
	static KeyUser create(String projectId, boolean admin) {
		String name = "user-" + UUID.randomUUID().toString().substring(0, 8);
		WebTestClient http = TestStack.get().client();
		String adminToken = TestStack.get().token("admin", "e2e-admin", true);
		http.post().uri("/v3/projects").header("X-Auth-Token", adminToken).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"project\":{\"id\":\"%s\",\"name\":\"%s\"}}".formatted(projectId, projectId))
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).as("project created, or there already").isIn(201, 409));
		Map<String, Object> user = (Map<String, Object>) http.post().uri("/v3/users")
			.header("X-Auth-Token", adminToken)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"user\":{\"name\":\"%s\",\"password\":\"password-%s\",\"default_project_id\":\"%s\"}}"
				.formatted(name, name, projectId))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("user");
		String userId = (String) user.get("id");
		for (String role : admin ? List.of("member", "admin") : List.of("member")) {
			http.put().uri("/v3/projects/" + projectId + "/users/" + userId + "/roles/" + role)
				.header("X-Auth-Token", adminToken)
				.exchange()
				.expectStatus()
				.isNoContent();
		}
		return new KeyUser(userId, projectId, TestStack.get().token(projectId, userId, admin));
	}

	/** Disables the user through the Keystone admin API. */
	void disable() {
		TestStack.get().client().patch().uri("/v3/users/" + this.userId)
			.header("X-Auth-Token", TestStack.get().token("admin", "e2e-admin", true))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"user\":{\"enabled\":false}}")
			.exchange()
			.expectStatus()
			.isOk();
	}

	/** Creates a key for the user (this one, or another if this is an admin) and answers the credential. */
	@SuppressWarnings("unchecked")
	Map<String, Object> createKey(String forUserId) {
		Map<String, Object> created = json(post(CREDENTIALS,
				"{\"credential\":{\"user_id\":\"" + forUserId + "\",\"description\":\"e2e\"}}"), HttpStatus.CREATED);
		return (Map<String, Object>) created.get("credential");
	}

	WebTestClient.ResponseSpec get(String path) {
		return this.http.get().uri(path).header("X-Auth-Token", this.token).exchange();
	}

	WebTestClient.ResponseSpec post(String path, String json) {
		return this.http.post()
			.uri(path)
			.header("X-Auth-Token", this.token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	WebTestClient.ResponseSpec put(String path, String json) {
		return this.http.put()
			.uri(path)
			.header("X-Auth-Token", this.token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	WebTestClient.ResponseSpec delete(String path) {
		return this.http.delete().uri(path).header("X-Auth-Token", this.token).exchange();
	}

	Map<String, Object> json(WebTestClient.ResponseSpec response, HttpStatus expected) {
		return response.expectStatus().isEqualTo(expected).expectBody(JSON).returnResult().getResponseBody();
	}

	/** The error code of a refused call with the expected status. */
	@SuppressWarnings("unchecked")
	String errorCode(WebTestClient.ResponseSpec response, HttpStatus expected) {
		return (String) ((Map<String, Object>) json(response, expected).get("error")).get("code");
	}

}
