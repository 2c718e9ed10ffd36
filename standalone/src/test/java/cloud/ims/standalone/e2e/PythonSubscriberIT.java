package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import cloud.ims.core.testing.PythonModules;
import cloud.ims.messages.JobStatus;
import cloud.ims.messages.JobStatusChanged;
import cloud.ims.messages.MessageContext;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's subscriber outside Java, {@code examples/subscriber.py} (Debian's python3-avro and
 * python3-confluent-kafka), follows the job events of the embedded broker, decodes them with the schemas the
 * gateway publishes, and applies each event once as the AsyncAPI document tells subscribers to.
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

	/**
	 * Redeliveries are written to a topic of this test's own, so that no audit of the real event topics ever sees
	 * events without a change.
	 */
	@Test
	void printsEachEventOnceThoughItIsRedeliveredOrStale() throws Exception {
		String topic = "python-subscriber-it-" + UUID.randomUUID();
		createTopic(topic);
		String jobId = UUID.randomUUID().toString();
		String last = UUID.randomUUID().toString();
		JobStatusChanged first = jobEvent(jobId, "first", 1, JobStatus.INIT);
		JobStatusChanged second = jobEvent(jobId, "second", 2, JobStatus.RUNNING);
		publish(topic, List.of(Map.entry(jobId, first), Map.entry(jobId, first), Map.entry(jobId, second),
				Map.entry(jobId, jobEvent(jobId, "stale", 1, JobStatus.INIT)), Map.entry(jobId, second),
				Map.entry(jobId, jobEvent(jobId, "third", 3, JobStatus.SUCCESS)),
				Map.entry(last, jobEvent(last, "other", 1, JobStatus.INIT))));

		follow(topic);
		// One partition: once the other job's event is printed, every earlier record was read.
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> eventsOf(last), (printed) -> !printed.isEmpty());

		assertThat(eventsOf(jobId)).extracting((line) -> line.at("/event/event_id").asString())
			.containsExactly("first", "second", "third");
		assertThat(eventsOf(jobId)).extracting((line) -> line.at("/event/resource_version").asLong())
			.containsExactly(1L, 2L, 3L);
	}

	private static JobStatusChanged jobEvent(String jobId, String eventId, long version, JobStatus status) {
		return JobStatusChanged.newBuilder()
			.setContext(MessageContext.newBuilder()
				.setMessageId(UUID.randomUUID().toString())
				.setJobId(jobId)
				.setOccurredAt(Instant.now())
				.setCorrelationId(UUID.randomUUID().toString())
				.setProjectId("python-subscriber-it")
				.setUserId("python-subscriber-it")
				.build())
			.setJobType("createServer")
			.setStatus(status)
			.setProcessPercent((status == JobStatus.SUCCESS) ? 1.0 : 0.0)
			.setSubJobsTotal(0)
			.setSubJobsSucceeded(0)
			.setSubJobsFailed(0)
			.setEventId(eventId)
			.setResourceVersion(version)
			.build();
	}

	private static void createTopic(String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestStack.get().bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
	}

	private static void publish(String topic, List<Map.Entry<String, JobStatusChanged>> events) throws Exception {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
				new ByteArraySerializer())) {
			for (Map.Entry<String, JobStatusChanged> event : events) {
				producer.send(new ProducerRecord<>(topic, event.getKey(), MessageCodec.standard().encode(event.getValue())))
					.get(30, TimeUnit.SECONDS);
			}
		}
	}

	/** Starts {@code subscriber.py --follow} on the test stack, printing into files this test reads. */
	private void follow(String topic) throws IOException {
		PythonModules.require("avro", "python3-avro");
		PythonModules.require("confluent_kafka", "python3-confluent-kafka");
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
