package cloud.ims.standalone.e2e;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.audit.AuditEntry;
import cloud.ims.core.audit.AuditTrail;
import cloud.ims.core.audit.TraceStatus;
import cloud.ims.core.identity.credential.AccessKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import com.huaweicloud.sdk.core.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static cloud.ims.standalone.e2e.KeyUser.CREDENTIALS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Permanent access keys end to end: the credentials API as Huawei IAM serves it (create, list, show, disable, delete,
 * at most two per user, other users' keys out of a member's reach, creations and deletions audited), and requests
 * signed with a key by the Huawei SDK's own signer, over HTTPS: accepted as the key's user in the signed project, and
 * refused with the verifier's code, changing nothing, when the body, a signed header, the key or the date is wrong.
 */
class AccessKeysIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void createsListsShowsDisablesAndDeletesAKeyAndAuditsCreationAndDeletion() throws Exception {
		Instant start = Instant.now().minusSeconds(1);
		KeyUser user = KeyUser.create(false);

		Map<String, Object> created = user.createKey(user.userId);
		String access = (String) created.get("access");
		assertThat(created).containsOnlyKeys("access", "secret", "status", "user_id", "description", "create_time")
			.containsEntry("status", "active")
			.containsEntry("user_id", user.userId)
			.containsEntry("description", "e2e");
		assertThat(access).matches("[A-Z0-9]{20}");
		assertThat((String) created.get("secret")).matches("[A-Za-z0-9]{40}");
		assertThat((String) created.get("create_time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

		Map<String, Object> listed = user.json(user.get(CREDENTIALS + "?user_id=" + user.userId), HttpStatus.OK);
		assertThat(listed).containsOnlyKeys("credentials");
		assertThat(credentials(listed)).singleElement()
			.satisfies((key) -> assertThat(key).containsOnlyKeys("user_id", "access", "status", "create_time", "description")
				.containsEntry("access", access));
		assertThat(credential(user.json(user.get(CREDENTIALS + "/" + access), HttpStatus.OK)))
			.containsEntry("last_use_time", created.get("create_time"))
			.doesNotContainKey("secret");

		Map<String, Object> disabled = credential(user.json(user.put(CREDENTIALS + "/" + access,
				"{\"credential\":{\"status\":\"inactive\",\"description\":\"rotated out\"}}"), HttpStatus.OK));
		assertThat(disabled).containsEntry("status", "inactive").containsEntry("description", "rotated out");
		assertThat(credential(user.json(user.get(CREDENTIALS + "/" + access), HttpStatus.OK)))
			.containsEntry("status", "inactive");

		user.delete(CREDENTIALS + "/" + access).expectStatus().isNoContent();
		assertThat(user.errorCode(user.get(CREDENTIALS + "/" + access), HttpStatus.NOT_FOUND)).isEqualTo("IAM.0303");
		assertThat(credentials(user.json(user.get(CREDENTIALS), HttpStatus.OK))).isEmpty();

		List<AuditEntry> audit = await().until(() -> TestStack.get().stack().gateway().getBean(AuditTrail.class)
			.since(start)
			.filter((entry) -> user.userId.equals(entry.userId()) && entry.action() != null)
			.collectList()
			.block(), (traces) -> traces.size() >= 2);
		assertThat(audit).extracting(AuditEntry::action).containsExactly("access-key-create", "access-key-delete");
		assertThat(audit).allSatisfy((entry) -> {
			assertThat(entry.status()).isEqualTo(TraceStatus.NORMAL);
			assertThat(entry.detail()).contains(access).doesNotContain((String) created.get("secret"));
		});
	}

	@Test
	void refusesAThirdKeyWithTheLimitsCodeAndStillHasTwo() {
		KeyUser user = KeyUser.create(false);
		user.createKey(user.userId);
		user.createKey(user.userId);

		assertThat(user.errorCode(user.post(CREDENTIALS, "{\"credential\":{\"user_id\":\"" + user.userId + "\"}}"),
				HttpStatus.CONFLICT)).isEqualTo("IAM.0302");

		assertThat(credentials(user.json(user.get(CREDENTIALS + "?user_id=" + user.userId), HttpStatus.OK))).hasSize(2);
	}

	@Test
	void keepsAnotherUsersKeysOutOfAMembersSightAndReachButNotAnAdmins() {
		KeyUser owner = KeyUser.create(false);
		String access = (String) owner.createKey(owner.userId).get("access");
		KeyUser member = KeyUser.create(false);
		KeyUser admin = KeyUser.create(true);
		String path = CREDENTIALS + "/" + access;

		assertThat(member.errorCode(member.get(path), HttpStatus.NOT_FOUND)).isEqualTo("IAM.0303");
		assertThat(member.errorCode(member.put(path, "{\"credential\":{\"status\":\"inactive\"}}"), HttpStatus.NOT_FOUND))
			.isEqualTo("IAM.0303");
		assertThat(member.errorCode(member.delete(path), HttpStatus.NOT_FOUND)).isEqualTo("IAM.0303");
		assertThat(member.errorCode(member.get(CREDENTIALS + "?user_id=" + owner.userId), HttpStatus.FORBIDDEN))
			.isEqualTo("IAM.0305");
		assertThat(member.errorCode(member.post(CREDENTIALS, "{\"credential\":{\"user_id\":\"" + owner.userId + "\"}}"),
				HttpStatus.FORBIDDEN)).isEqualTo("IAM.0305");
		assertThat(credentials(member.json(member.get(CREDENTIALS), HttpStatus.OK))).isEmpty();

		assertThat(credential(owner.json(owner.get(path), HttpStatus.OK))).containsEntry("status", "active");
		assertThat(credentials(owner.json(owner.get(CREDENTIALS), HttpStatus.OK))).hasSize(1);
		assertThat(credentials(admin.json(admin.get(CREDENTIALS + "?user_id=" + owner.userId), HttpStatus.OK)))
			.singleElement()
			.satisfies((key) -> assertThat(key).containsEntry("access", access));
		assertThat(admin.createKey(owner.userId)).containsEntry("user_id", owner.userId);
	}

	@Test
	void deletesAUsersKeysWithTheUser() {
		KeyUser owner = KeyUser.create(false);
		String access = (String) owner.createKey(owner.userId).get("access");
		KeyUser admin = KeyUser.create(true);

		admin.delete("/v3/users/" + owner.userId).expectStatus().isNoContent();

		assertThat(admin.errorCode(admin.get(CREDENTIALS + "/" + access), HttpStatus.NOT_FOUND)).isEqualTo("IAM.0303");
		assertThat(TestStack.get().stack().gateway().getBean(AccessKeys.class).ofUser(owner.userId).collectList().block())
			.isEmpty();
	}

	@Test
	void refusesAKeyForAUserThatDoesNotExist() {
		KeyUser admin = KeyUser.create(true);

		assertThat(admin.errorCode(admin.post(CREDENTIALS, "{\"credential\":{\"user_id\":\"nobody-at-all\"}}"),
				HttpStatus.NOT_FOUND)).isEqualTo("IAM.0304");
	}

	@Test
	void acceptsRequestsTheSdkSignsAsTheKeysUserInTheSignedProject() throws Exception {
		KeyHolder holder = KeyHolder.newMember();
		String baseImage = baseImageId(holder);
		String name = "signed-" + holder.projectId;

		HttpResponse image = holder.send(HttpMethod.GET, "/v2/images/" + baseImage, "");
		assertThat(image.getStatusCode()).as(image.getBodyAsString()).isEqualTo(200);
		assertThat(JSON.readTree(image.getBodyAsString()).path("id").asText()).isEqualTo(baseImage);

		HttpResponse created = holder.send(HttpMethod.POST, "/v2/images",
				"{\"name\":\"" + name + "\",\"disk_format\":\"qcow2\",\"container_format\":\"bare\"}");
		assertThat(created.getStatusCode()).as(created.getBodyAsString()).isEqualTo(201);
		assertThat(JSON.readTree(created.getBodyAsString()).path("owner").asText()).isEqualTo(holder.projectId);
		assertThat(imagesNamed(holder, name)).hasSize(1);

		HttpResponse servers = holder.send(HttpMethod.GET, "/v1/" + holder.projectId + "/cloudservers/detail", "");
		assertThat(servers.getStatusCode()).as(servers.getBodyAsString()).isEqualTo(200);
		HttpResponse foreign = holder.send(HttpMethod.GET, "/v1/another-project/cloudservers/detail", "");
		assertThat(foreign.getStatusCode()).isEqualTo(403);

		HttpResponse shown = holder.send(HttpMethod.GET, CREDENTIALS + "/" + holder.access, "");
		assertThat(shown.getStatusCode()).as("a key's user manages its keys with it").isEqualTo(200);
	}

	@Test
	void refusesAChangedBodyAChangedSignedHeaderAWrongKeyAndAStaleDateWithTheirCodesAndChangesNothing()
			throws Exception {
		KeyHolder holder = KeyHolder.newMember();
		String name = "tampered-" + holder.projectId;
		String body = "{\"name\":\"" + name + "\",\"disk_format\":\"qcow2\",\"container_format\":\"bare\"}";
		// The SDK's builder() changes the request it came from: each change starts from a request signed anew.
		assertRefused(holder.send(holder.sign(HttpMethod.POST, "/v2/images", body, holder.secret, Instant.now()),
				(request) -> request.withBodyAsString(body.replace("qcow2", "raw"))), 401, "IAM.0107");
		assertRefused(holder.send(holder.sign(HttpMethod.POST, "/v2/images", body, holder.secret, Instant.now()),
				(request) -> request.addHeader("X-Project-Id", "another-project")), 401, "IAM.0107");
		assertRefused(holder.send(holder.sign(HttpMethod.POST, "/v2/images", body, "x" + holder.secret.substring(1),
				Instant.now()), (request) -> request), 401, "IAM.0107");
		assertRefused(holder.send(holder.sign(HttpMethod.POST, "/v2/images", body, holder.secret,
				Instant.now().minusSeconds(16 * 60)), (request) -> request), 401, "IAM.0105");
		assertRefused(holder.send(holder.sign(HttpMethod.POST, "/v2/images", body, holder.secret,
				Instant.now().plusSeconds(16 * 60)), (request) -> request), 401, "IAM.0105");

		assertThat(imagesNamed(holder, name)).as("nothing was created").isEmpty();
		assertThat(holder.send(holder.sign(HttpMethod.POST, "/v2/images", body, holder.secret, Instant.now()),
				(request) -> request).getStatusCode()).as("the request as signed").isEqualTo(201);
		assertThat(imagesNamed(holder, name)).hasSize(1);
	}

	@Test
	void refusesAnUnknownKeyADisabledKeyAUserWithoutARoleAndADisabledUser() {
		KeyHolder holder = KeyHolder.newMember();
		KeyUser other = KeyUser.create(false);

		HttpRequest unknown = holder.sign(HttpMethod.GET, "/v2/images", "", holder.secret, Instant.now());
		assertRefused(holder.send(unknown, (request) -> request.addHeader("Authorization",
				unknown.getHeader("Authorization").replace(holder.access, "AAAAAAAAAAAAAAAAAAAA"))), 401, "IAM.0102");

		assertThat(holder.send(HttpMethod.GET, "/v2/images", "").getStatusCode()).isEqualTo(200);
		assertRefused(holder.send(signedFor(holder, other.projectId), (request) -> request), 403, "IAM.0109");

		holder.user.put(CREDENTIALS + "/" + holder.access, "{\"credential\":{\"status\":\"inactive\"}}")
			.expectStatus()
			.isOk();
		assertRefused(holder.send(HttpMethod.GET, "/v2/images", ""), 401, "IAM.0103");

		KeyHolder disabled = KeyHolder.newMember();
		disabled.user.disable();
		assertRefused(disabled.send(HttpMethod.GET, "/v2/images", ""), 401, "IAM.0110");
	}

	/** The bound of every body (ims.http.max-json-body, 1 MiB like the signed bodies' own) applies first. */
	@Test
	void refusesASignedBodyLargerThanTheBoundWithoutReadingOn() {
		KeyHolder holder = KeyHolder.newMember();
		String large = "{\"name\":\"" + "x".repeat(1024 * 1024 + 1) + "\"}";

		assertRefused(holder.send(HttpMethod.POST, "/v2/images", large), 413, "IMS.0413");
	}

	private static HttpRequest signedFor(KeyHolder holder, String projectId) {
		HttpRequest.HttpRequestBuilder request = HttpRequest.newBuilder()
			.withMethod(HttpMethod.GET)
			.withEndpoint(TestStack.get().baseUrl())
			.withPath("/v2/images");
		return new com.huaweicloud.sdk.core.auth.BasicCredentials().withAk(holder.access)
			.withSk(holder.secret)
			.withProjectId(projectId)
			.syncProcessAuthRequest(request.build(), null);
	}

	private static void assertRefused(HttpResponse response, int status, String code) {
		assertThat(response.getStatusCode()).as(response.getBodyAsString()).isEqualTo(status);
		if (code != null) {
			try {
				JsonNode error = JSON.readTree(response.getBodyAsString()).path("error");
				assertThat(error.path("code").asText()).isEqualTo(code);
				assertThat(error.path("message").asText()).isNotBlank();
			}
			catch (java.io.IOException ex) {
				throw new AssertionError(ex);
			}
		}
	}

	private static String baseImageId(KeyHolder holder) throws Exception {
		HttpResponse list = holder.send(HttpMethod.GET, "/v2/cloudimages?name=ims-base-linux", "");
		return JSON.readTree(list.getBodyAsString()).path("images").get(0).path("id").asText();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> imagesNamed(KeyHolder holder, String name) {
		Map<String, Object> list = holder.user.json(holder.user.get("/v2/images?name=" + name), HttpStatus.OK);
		return (List<Object>) list.get("images");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> credentials(Map<String, Object> list) {
		return (List<Map<String, Object>>) list.get("credentials");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> credential(Map<String, Object> body) {
		return (Map<String, Object>) body.get("credential");
	}

}
