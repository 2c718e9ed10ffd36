package cloud.ims.standalone.crash;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/** One user's calls to a standalone process's API, as JSON maps. */
final class StackApi {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final WebTestClient client;

	private final String token;

	StackApi(StandaloneProcess process, String token) {
		this.client = process.client();
		this.token = token;
	}

	Map<String, Object> get(String path) {
		return this.client.get().uri(path).header("X-Auth-Token", this.token).exchange().expectStatus().isOk()
			.expectBody(JSON).returnResult().getResponseBody();
	}

	Map<String, Object> post(String path, String body, HttpStatus expected) {
		return this.client.post().uri(path).header("X-Auth-Token", this.token).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body).exchange().expectStatus().isEqualTo(expected).expectBody(JSON).returnResult()
			.getResponseBody();
	}

	Map<String, Object> awaitJob(String project, String jobId, Duration atMost, Predicate<Map<String, Object>> until) {
		return await().atMost(atMost).pollInterval(Duration.ofMillis(500))
			.until(() -> get("/v1/" + project + "/jobs/" + jobId), until::test);
	}

	Map<String, Object> awaitEnd(String project, String jobId, Duration atMost) {
		return awaitJob(project, jobId, atMost, (job) -> List.of("SUCCESS", "FAIL").contains(job.get("status")));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> entities(Map<String, Object> job) {
		return (Map<String, Object>) job.get("entities");
	}

	static double percent(Map<String, Object> job) {
		return ((Number) entities(job).get("process_percent")).doubleValue();
	}

}
