package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * A user of one project, talking to the test stack over HTTPS with its own token.
 */
final class Tenant {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	final String projectId;

	final String token;

	final WebTestClient http;

	private Tenant(String projectId, String token, WebTestClient http) {
		this.projectId = projectId;
		this.token = token;
		this.http = http;
	}

	static Tenant newProject(boolean admin) {
		TestStack stack = TestStack.get();
		String projectId = "p-" + UUID.randomUUID().toString().substring(0, 8);
		String token = stack.token(projectId, "alice-" + projectId, admin);
		return new Tenant(projectId, token, stack.client());
	}

	static Tenant newProject() {
		return newProject(false);
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

	Map<String, Object> json(WebTestClient.ResponseSpec response, HttpStatus expected) {
		return response.expectStatus().isEqualTo(expected).expectBody(JSON).returnResult().getResponseBody();
	}

	/** Creates ECSs from an image and answers the 202 body. */
	Map<String, Object> createServers(String imageId, String name, int count) {
		return json(post("/v1/" + this.projectId + "/cloudservers", """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"%s","count":%d}}"""
			.formatted(imageId, name, count)), HttpStatus.ACCEPTED);
	}

	/** Waits for the job to end and answers it. */
	Map<String, Object> awaitJob(String jobId) {
		return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(
				() -> json(get("/v1/" + this.projectId + "/jobs/" + jobId), HttpStatus.OK),
				(job) -> List.of("SUCCESS", "FAIL").contains(job.get("status")));
	}

	/** How many images the project's image quota counts, as the API reports it. */
	@SuppressWarnings("unchecked")
	int imageQuotaUsed() {
		Map<String, Object> quotas = json(get("/v1/cloudimages/quota"), HttpStatus.OK);
		return ((List<Map<String, Object>>) ((Map<String, Object>) quotas.get("quotas")).get("resources")).stream()
			.filter((resource) -> "image".equals(resource.get("type")))
			.map((resource) -> ((Number) resource.get("used")).intValue())
			.findFirst()
			.orElseThrow();
	}

	/** The id of the public image every installation starts with. */
	String baseImageId() {
		Map<String, Object> list = json(get("/v2/cloudimages?name=ims-base-linux"), HttpStatus.OK);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> images = (List<Map<String, Object>>) list.get("images");
		return (String) images.get(0).get("id");
	}

	/** Creates one ECS from the base image and waits until it is ACTIVE; answers its id. */
	String activeServer(String name) {
		Map<String, Object> accepted = createServers(baseImageId(), name, 1);
		awaitJob((String) accepted.get("job_id"));
		@SuppressWarnings("unchecked")
		List<String> ids = (List<String>) accepted.get("serverIds");
		return ids.get(0);
	}

}
