package cloud.ims.standalone.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keystone v3 on the running stack: password sign-in by names and by ids, the token body and its catalog,
 * validation and revocation (refused on the API within a second), refusals that tell nothing, throttling, the
 * admin-only identity API, and the first administrator's password file.
 */
class IdentityIT {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static TestStack stack;

	private static WebTestClient http;

	private static String adminPassword;

	private static String adminToken;

	@BeforeAll
	static void signInAsTheFirstAdministrator() throws Exception {
		stack = TestStack.get();
		http = stack.client();
		adminPassword = Files.readString(passwordFile()).trim();
		adminToken = token(signIn(byName("admin", adminPassword, "admin")), HttpStatus.CREATED);
	}

	@Test
	void writesTheFirstAdministratorsPasswordForItsOwnerOnly() throws Exception {
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile()))).isEqualTo("rw-------");
		assertThat(adminPassword).hasSizeGreaterThanOrEqualTo(24);
	}

	@Test
	@SuppressWarnings("unchecked")
	void signsInByNamesWithKeystonesTokenAndCatalog() {
		Account alice = newAccount(false);

		EntityExchangeResult<Map<String, Object>> answer = signIn(byName(alice.name, alice.password, alice.project));

		assertThat(answer.getStatus()).isEqualTo(HttpStatus.CREATED);
		String token = answer.getResponseHeaders().getFirst("X-Subject-Token");
		assertThat(token).isNotBlank();
		Map<String, Object> body = (Map<String, Object>) answer.getResponseBody().get("token");
		assertThat(body).containsKeys("expires_at", "issued_at", "audit_ids")
			.containsEntry("methods", List.of("password"))
			.containsEntry("roles", List.of(Map.of("id", "member", "name", "member")));
		assertThat((Map<String, Object>) body.get("user")).containsEntry("id", alice.userId)
			.containsEntry("name", alice.name)
			.containsEntry("domain", Map.of("id", "default", "name", "Default"));
		assertThat((Map<String, Object>) body.get("project")).containsEntry("id", alice.project)
			.containsEntry("name", alice.project);
		List<Map<String, Object>> catalog = (List<Map<String, Object>>) body.get("catalog");
		assertThat(catalog).extracting((service) -> service.get("type"))
			.containsExactlyInAnyOrder("identity", "image", "compute", "ecs", "ims");
		assertThat(catalog).flatExtracting((service) -> (List<Map<String, Object>>) service.get("endpoints"))
			.allSatisfy((endpoint) -> {
				assertThat(endpoint).containsEntry("interface", "public").containsEntry("region", "RegionOne");
				assertThat((String) endpoint.get("url")).startsWith(stack.baseUrl());
			});
		assertThat(catalog).filteredOn((service) -> service.get("type").equals("identity"))
			.flatExtracting((service) -> (List<Map<String, Object>>) service.get("endpoints"))
			.extracting((endpoint) -> endpoint.get("url"))
			.containsExactly(stack.baseUrl() + "/v3");
		http.get().uri("/v2/images").header("X-Auth-Token", token).exchange().expectStatus().isOk();
		http.get().uri("/v1/" + alice.project + "/jobs/none").header("X-Auth-Token", token).exchange()
			.expectStatus().isNotFound();
	}

	@Test
	@SuppressWarnings("unchecked")
	void signsInByIdsToo() {
		Account bob = newAccount(false);

		EntityExchangeResult<Map<String, Object>> answer = signIn("""
				{"auth":{"identity":{"methods":["password"],"password":{"user":{"id":"%s","password":"%s"}}},
				"scope":{"project":{"id":"%s"}}}}""".formatted(bob.userId, bob.password, bob.project));

		assertThat(answer.getStatus()).isEqualTo(HttpStatus.CREATED);
		Map<String, Object> body = (Map<String, Object>) answer.getResponseBody().get("token");
		assertThat((Map<String, Object>) body.get("user")).containsEntry("name", bob.name);
		assertThat((Map<String, Object>) body.get("project")).containsEntry("id", bob.project);
	}

	@Test
	void validatesAndRevokesATokenEverywhereWithinASecond() {
		Account carol = newAccount(false);
		String token = token(signIn(byName(carol.name, carol.password, carol.project)), HttpStatus.CREATED);

		Map<String, Object> validated = http.get().uri("/v3/auth/tokens").header("X-Auth-Token", token)
			.header("X-Subject-Token", token).exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-Subject-Token", token)
			.expectBody(JSON).returnResult().getResponseBody();
		assertThat(validated).containsKey("token");
		http.head().uri("/v3/auth/tokens").header("X-Auth-Token", adminToken).header("X-Subject-Token", token)
			.exchange().expectStatus().isOk();

		http.delete().uri("/v3/auth/tokens").header("X-Auth-Token", token).header("X-Subject-Token", token)
			.exchange().expectStatus().isNoContent();

		await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> http.get()
			.uri("/v2/images").header("X-Auth-Token", token).exchange().expectStatus().isUnauthorized());
		http.get().uri("/v3/auth/tokens").header("X-Auth-Token", adminToken).header("X-Subject-Token", token)
			.exchange().expectStatus().isNotFound();
	}

	@Test
	@SuppressWarnings("unchecked")
	void refusesAWrongPasswordAndAnUnknownUserAlike() {
		Account dave = newAccount(false);

		EntityExchangeResult<Map<String, Object>> wrongPassword = signIn(byName(dave.name, "not-the-password", dave.project));
		EntityExchangeResult<Map<String, Object>> unknownUser = signIn(byName("nobody-" + dave.name, dave.password,
				dave.project));

		for (EntityExchangeResult<Map<String, Object>> refused : List.of(wrongPassword, unknownUser)) {
			assertThat(refused.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(refused.getResponseHeaders().containsHeader("X-Subject-Token")).isFalse();
			Map<String, Object> error = (Map<String, Object>) refused.getResponseBody().get("error");
			assertThat(error).containsEntry("code", 401).containsEntry("title", "Unauthorized")
				.containsEntry("ims_code", "IAM.0201");
			assertThat((String) error.get("message")).doesNotContain(dave.name).doesNotContain(dave.password);
		}
		assertThat(((Map<String, Object>) wrongPassword.getResponseBody().get("error")).get("message"))
			.isEqualTo(((Map<String, Object>) unknownUser.getResponseBody().get("error")).get("message"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void throttlesAUserAfterFiveFailuresButNotOthers() {
		Account erin = newAccount(false);
		Account frank = newAccount(false);
		for (int attempt = 0; attempt < 5; attempt++) {
			assertThat(signIn(byName(erin.name, "wrong-password-" + attempt, erin.project)).getStatus())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		}

		EntityExchangeResult<Map<String, Object>> throttled = signIn(byName(erin.name, erin.password, erin.project));

		assertThat(throttled.getStatus()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(Long.parseLong(throttled.getResponseHeaders().getFirst("Retry-After"))).isPositive();
		assertThat((Map<String, Object>) throttled.getResponseBody().get("error")).containsEntry("code", 429)
			.containsEntry("ims_code", "IAM.0205");
		assertThat(signIn(byName(frank.name, frank.password, frank.project)).getStatus()).isEqualTo(HttpStatus.CREATED);
	}

	@Test
	@SuppressWarnings("unchecked")
	void letsOnlyAdminsManageUsersProjectsAndRoles() {
		Account member = newAccount(false);
		Account other = newAccount(false);
		String memberToken = token(signIn(byName(member.name, member.password, member.project)), HttpStatus.CREATED);

		http.get().uri("/v3/users").header("X-Auth-Token", memberToken).exchange().expectStatus().isForbidden();
		http.post().uri("/v3/users").header("X-Auth-Token", memberToken).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"user\":{\"name\":\"mallory\",\"password\":\"long-enough-password\"}}")
			.exchange().expectStatus().isForbidden();
		http.patch().uri("/v3/users/" + other.userId).header("X-Auth-Token", memberToken)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"user\":{\"enabled\":false}}")
			.exchange().expectStatus().isForbidden()
			.expectBody(JSON).value((body) -> assertThat((Map<String, Object>) body.get("error"))
				.containsEntry("code", 403).containsEntry("ims_code", "IAM.0212"));
		http.delete().uri("/v3/projects/" + other.project).header("X-Auth-Token", memberToken)
			.exchange().expectStatus().isForbidden();
		http.put().uri("/v3/projects/" + other.project + "/users/" + member.userId + "/roles/admin")
			.header("X-Auth-Token", memberToken).exchange().expectStatus().isForbidden();

		assertThat(admin("/v3/users/" + other.userId)).extractingByKey("user")
			.satisfies((user) -> assertThat((Map<String, Object>) user).containsEntry("enabled", true));
		assertThat(admin("/v3/projects/" + other.project)).containsKey("project");
		assertThat((List<Object>) admin("/v3/role_assignments?user.id=" + member.userId).get("role_assignments"))
			.hasSize(1);
		assertThat(signIn(byName(other.name, other.password, other.project)).getStatus()).isEqualTo(HttpStatus.CREATED);
	}

	@Test
	void refusesTokensOfADisabledUserAndTheOldTokensAfterANewPassword() {
		Account grace = newAccount(false);
		String before = token(signIn(byName(grace.name, grace.password, grace.project)), HttpStatus.CREATED);

		adminPatch("/v3/users/" + grace.userId, "{\"user\":{\"password\":\"a-brand-new-password\"}}");

		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> http.get().uri("/v2/images")
			.header("X-Auth-Token", before).exchange().expectStatus().isUnauthorized());
		assertThat(signIn(byName(grace.name, grace.password, grace.project)).getStatus())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		String after = token(signIn(byName(grace.name, "a-brand-new-password", grace.project)), HttpStatus.CREATED);
		http.get().uri("/v2/images").header("X-Auth-Token", after).exchange().expectStatus().isOk();

		adminPatch("/v3/users/" + grace.userId, "{\"user\":{\"enabled\":false}}");

		assertThat(signIn(byName(grace.name, "a-brand-new-password", grace.project)).getStatus())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> http.get().uri("/v2/images")
			.header("X-Auth-Token", after).exchange().expectStatus().isUnauthorized());
	}

	@Test
	void answersTheVersionWithoutATokenAndEverythingElseOnlyWithOne() {
		http.get().uri("/v3").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.version.id").isEqualTo("v3.14")
			.jsonPath("$.version.links[0].href").isEqualTo(stack.baseUrl() + "/v3/");
		http.get().uri("/v3/auth/projects").exchange().expectStatus().isUnauthorized().expectBody()
			.jsonPath("$.error.code").isEqualTo(401);
		http.get().uri("/v3/auth/projects").header("X-Auth-Token", adminToken).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.projects[?(@.id == 'admin')].name").isEqualTo("admin");
	}

	/** A user with a project of its own (id = name), created through the admin API. */
	private record Account(String userId, String name, String password, String project) {
	}

	@SuppressWarnings("unchecked")
	private static Account newAccount(boolean admin) {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String name = "user-" + suffix;
		String project = "project-" + suffix;
		String password = "password-" + suffix;
		adminPost("/v3/projects", "{\"project\":{\"id\":\"%s\",\"name\":\"%s\"}}".formatted(project, project));
		Map<String, Object> user = (Map<String, Object>) adminPost("/v3/users",
				"{\"user\":{\"name\":\"%s\",\"password\":\"%s\",\"default_project_id\":\"%s\"}}".formatted(name, password,
						project))
			.get("user");
		String userId = (String) user.get("id");
		http.put().uri("/v3/projects/" + project + "/users/" + userId + "/roles/" + (admin ? "admin" : "member"))
			.header("X-Auth-Token", adminToken).exchange().expectStatus().isNoContent();
		return new Account(userId, name, password, project);
	}

	private static Map<String, Object> admin(String path) {
		return http.get().uri(path).header("X-Auth-Token", adminToken).exchange().expectStatus().isOk()
			.expectBody(JSON).returnResult().getResponseBody();
	}

	private static Map<String, Object> adminPost(String path, String json) {
		return http.post().uri(path).header("X-Auth-Token", adminToken).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json).exchange().expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
	}

	private static void adminPatch(String path, String json) {
		http.patch().uri(path).header("X-Auth-Token", adminToken).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json).exchange().expectStatus().isOk();
	}

	private static String byName(String user, String password, String project) {
		return """
				{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"Default"},
				"password":"%s"}}},"scope":{"project":{"name":"%s","domain":{"name":"Default"}}}}}"""
			.formatted(user, password, project);
	}

	private static EntityExchangeResult<Map<String, Object>> signIn(String json) {
		return http.post().uri("/v3/auth/tokens").contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
			.expectBody(JSON).returnResult();
	}

	private static String token(EntityExchangeResult<Map<String, Object>> answer, HttpStatus expected) {
		assertThat(answer.getStatus()).as("%s", answer.getResponseBody()).isEqualTo(expected);
		return answer.getResponseHeaders().getFirst("X-Subject-Token");
	}

	private static Path passwordFile() {
		return stack.dataDir().resolve("keys/admin-password");
	}

}
