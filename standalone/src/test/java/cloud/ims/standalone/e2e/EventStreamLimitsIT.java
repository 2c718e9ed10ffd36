package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18, streams: a user may hold {@code ims.streams.per-user} (8) server-sent event streams open on a replica,
 * console and API together; the next one is refused with 429 {@code IMS.0431} before anything is streamed, another
 * user is not affected, and closing a stream gives its slot back.
 */
class EventStreamLimitsIT {

	private static final int PER_USER = 8;

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final List<Disposable> open = new ArrayList<>();

	@AfterEach
	void closeStreams() {
		this.open.forEach(Disposable::dispose);
	}

	@Test
	void refusesAUsersStreamBeyondItsShareUntilOneOfItsStreamsCloses() {
		try (FileServer files = FileServer.start().status("/missing.raw", 404)) {
			Tenant alice = Tenant.newProject();
			Tenant bob = Tenant.newProject();
			String alicesJob = failedImport(alice, files);
			String bobsJob = failedImport(bob, files);
			for (int i = 0; i < PER_USER; i++) {
				// The console's live job list: a stream that stays open as long as its page.
				this.open.add(consoleJobList(alice).getResponseBody().subscribe());
			}

			Map<String, Object> refused = alice.http.get()
				.uri(jobEvents(alice, alicesJob))
				.header("X-Auth-Token", alice.token)
				// As EventSource asks; the refusal is JSON all the same.
				.accept(MediaType.TEXT_EVENT_STREAM)
				.exchange()
				.expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
				.expectBody(JSON).returnResult().getResponseBody();

			assertThat(refused).extracting("error").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsEntry("code", "IMS.0431")
				.hasEntrySatisfying("message", (message) -> assertThat((String) message)
					.contains("You have 8 event streams open"));
			assertThat(jobStream(bob, bobsJob)).as("another user's stream").contains("FAIL");

			this.open.remove(0).dispose();

			await().atMost(Duration.ofSeconds(10)).untilAsserted(
					() -> assertThat(jobStream(alice, alicesJob)).as("alice's stream, once one closed").contains("FAIL"));
		}
	}

	private static String failedImport(Tenant tenant, FileServer files) {
		String jobId = (String) tenant.json(tenant.post("/v2/cloudimages/action", "{\"name\":\"nothing\",\"image_url\":\""
				+ files.url("/missing.raw") + "\",\"min_disk\":1}"), HttpStatus.ACCEPTED).get("job_id");
		assertThat(tenant.awaitJob(jobId)).containsEntry("status", "FAIL");
		return jobId;
	}

	private static FluxExchangeResult<String> consoleJobList(Tenant tenant) {
		return tenant.http.get()
			.uri("/console/jobs/stream")
			.cookie("ims_console", tenant.token)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.returnResult(String.class);
	}

	/** The whole stream of an ended job: its one state, then the end. */
	private static String jobStream(Tenant tenant, String jobId) {
		return String.join("\n", tenant.http.get()
			.uri(jobEvents(tenant, jobId))
			.header("X-Auth-Token", tenant.token)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.returnResult(String.class)
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(10)));
	}

	private static String jobEvents(Tenant tenant, String jobId) {
		return "/v1/" + tenant.projectId + "/jobs/" + jobId + "/events";
	}

}
