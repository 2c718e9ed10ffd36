package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import cloud.ims.schemas.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's subscriber outside Java, {@code examples/subscriber.py} (Debian's python3-avro and
 * python3-confluent-kafka), follows the job events of the embedded broker and decodes them with the schemas the
 * gateway publishes.
 */
class PythonSubscriberIT {

	/** Debian's interpreter: the one its python3-* packages install into, whatever else is on the PATH. */
	private static final String PYTHON = "/usr/bin/python3";

	private static final Path SCRIPT = Path.of("..", "examples", "subscriber.py").toAbsolutePath().normalize();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Tenant tenant = Tenant.newProject();

	private Process subscriber;

	private Path stdout;

	private Path stderr;

	@AfterEach
	void stopSubscriber() throws InterruptedException {
		if (this.subscriber != null) {
			this.subscriber.destroy();
			this.subscriber.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void printsTheDecodedEventsOfAJobAsJsonLines() throws IOException {
		follow("jobs");
		String jobId = (String) this.tenant.createServers(this.tenant.baseImageId(), "subscribed", 2).get("job_id");
		assertThat(this.tenant.awaitJob(jobId)).containsEntry("status", "SUCCESS");

		List<JsonNode> events = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> eventsOf(jobId), (printed) -> printed.stream()
				.anyMatch((line) -> "SUCCESS".equals(line.at("/event/status").asString())));

		assertThat(events).allSatisfy((line) -> {
			assertThat(line.get("topic").asString()).isEqualTo(Topics.JOB_EVENTS);
			assertThat(line.get("key").asString()).isEqualTo(jobId);
			assertThat(line.get("schema").asString()).isEqualTo("cloud.ims.messages.JobStatusChanged");
			assertThat(line.at("/event/job_type").asString()).isEqualTo("createServer");
			assertThat(line.at("/event/context/project_id").asString()).isEqualTo(this.tenant.projectId);
			assertThat(line.at("/event/context/occurred_at").asString()).endsWith("Z");
		});
		JsonNode last = events.get(events.size() - 1);
		assertThat(last.at("/event/status").asString()).isEqualTo("SUCCESS");
		assertThat(last.at("/event/sub_jobs_total").asInt()).isEqualTo(2);
		assertThat(last.at("/event/sub_jobs_succeeded").asInt()).isEqualTo(2);
		assertThat(last.at("/event/process_percent").asDouble()).isEqualTo(1.0);
		assertThat(this.subscriber.isAlive()).as("the subscriber keeps following; it printed on stderr: %s",
				Files.readString(this.stderr)).isTrue();
	}

	/** Starts {@code subscriber.py --follow} on the test stack, printing into files this test reads. */
	private void follow(String topic) throws IOException {
		TestStack stack = TestStack.get();
		this.stdout = Files.createTempFile("subscriber", ".out");
		this.stderr = Files.createTempFile("subscriber", ".err");
		this.subscriber = new ProcessBuilder(PYTHON, SCRIPT.toString(), "--bootstrap-servers", stack.bootstrapServers(),
				"--gateway", stack.baseUrl(), "--cacert", stack.dataDir().resolve("tls/server.crt").toString(), "--topic",
				topic, "--follow")
			.redirectOutput(this.stdout.toFile())
			.redirectError(this.stderr.toFile())
			.start();
	}

	private List<JsonNode> eventsOf(String jobId) throws IOException {
		assertThat(this.subscriber.isAlive() || this.subscriber.exitValue() == 0)
			.as("subscriber.py ended with an error: %s", Files.readString(this.stderr)).isTrue();
		return Files.readAllLines(this.stdout, StandardCharsets.UTF_8).stream()
			.map(JSON::readTree)
			.filter((line) -> jobId.equals(line.at("/event/context/job_id").asString(null)))
			.toList();
	}

}
