package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import cloud.ims.core.testing.RequiresSystemTools;
import cloud.ims.core.testing.SystemTool;
import cloud.ims.standalone.ImsStack;
import cloud.ims.standalone.StackSettings;
import cloud.ims.standalone.infrastructure.LoopbackPorts;
import cloud.ims.standalone.infrastructure.StandaloneKafka;
import cloud.ims.standalone.infrastructure.StandaloneMongo;
import cloud.ims.standalone.keys.SecurityMaterial;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB and Kafka really stopped under a running stack, and started again on the same data and port: a stack of
 * its own (the shared {@link TestStack} must stay up for the other tests), built like {@code ./ims up} builds it.
 * While MongoDB is down, requests that must be recorded are refused with 503 {@code IMS.0503} and nothing of them is
 * kept; while Kafka is down, reads are answered and writes accepted; both recover by themselves.
 * <p>
 * Runs after every other test class of the JVM: closing a second Spring Boot web application in one JVM stops Reactor
 * Netty's global resources, which the shared stack's servers and the tests' clients use too.
 */
@RequiresSystemTools({ SystemTool.QEMU_IMG, SystemTool.PRLIMIT })
@Order(Integer.MAX_VALUE)
class InfrastructureOutageIT {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final String PROJECT = "outage";

	private static Path data;

	private static int mongoPort;

	private static int kafkaPort;

	private static int controllerPort;

	private static StandaloneMongo mongo;

	private static StandaloneKafka kafka;

	private static ImsStack stack;

	private static WebTestClient http;

	private static String token;

	private static String baseImage;

	@BeforeAll
	static void startStack() throws IOException {
		data = Files.createTempDirectory("ims-outage");
		int[] ports = LoopbackPorts.free(3);
		mongoPort = ports[0];
		kafkaPort = ports[1];
		controllerPort = ports[2];
		mongo = startMongo();
		kafka = startKafka();
		stack = ImsStack.start(new StackSettings(data, 0, kafka.bootstrapServers(), mongo.uri(),
				List.of("--ims.outbox.relay-interval=500ms", "--ims.outbox.grace=1s",
						"--ims.mongodb.server-selection-timeout=1s", "--ims.watchdog.interval=1s")));
		token = SecurityMaterial.ensure(data).tokenIssuer().issue(PROJECT, "alice", false, Duration.ofHours(1));
		http = client(stack.gatewayPort());
		baseImage = (String) images("/v2/cloudimages?name=ims-base-linux").get(0).get("id");
	}

	@AfterAll
	static void stopStack() {
		stack.close();
		kafka.close();
		mongo.close();
	}

	@Test
	void refusesWhatCannotBeRecordedWhileMongoDbIsDownAndRecoversByItself() {
		int jobsBefore = jobs().size();
		int used = instancesUsed();
		mongo.close();
		try {
			assertUnavailable(post("/v1/" + PROJECT + "/cloudservers", createServers("refused", 1), null));
			assertUnavailable(post("/v1/" + PROJECT + "/cloudservers", createServers("refused", 1), "outage-retry-1"));
			assertUnavailable(post("/v2/images", "{\"name\":\"refused\",\"disk_format\":\"qcow2\"}", null));
			assertUnavailable(http.get().uri("/v2/cloudimages").header("X-Auth-Token", token).exchange());
		}
		finally {
			mongo = startMongo();
		}

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
			.until(() -> jobs().size() == jobsBefore);
		// The client's retry with the same token is done, once: nothing of the refused attempt was kept.
		String jobId = (String) json(post("/v1/" + PROJECT + "/cloudservers", createServers("refused", 1),
				"outage-retry-1"), HttpStatus.ACCEPTED).get("job_id");
		assertThat(awaitEnd(jobId)).containsEntry("status", "SUCCESS");
		assertThat(jobs()).hasSize(jobsBefore + 1);
		assertThat(servers("refused")).hasSize(1);
		assertThat(instancesUsed()).isEqualTo(used + 1);
		FaultReport.write("InfrastructureOutageIT-mongodb", "MongoDB stopped (its server closed), then started again",
				"refused while down: 3 writes (2 ECS creations, 1 image) and 1 read, each 503 IMS.0503",
				"recorded of them: 0 (half-accepted: 0)",
				"after the restart: the retry with the same X-Client-Token accepted once, job SUCCESS, 1 ECS, quota used up"
						+ " by exactly 1; lost: 0; duplicated: 0");
	}

	@Test
	void answersReadsAndAcceptsWritesWhileKafkaIsDownAndCompletesThemWhenItIsBack() {
		int used = instancesUsed();
		String before = (String) json(post("/v1/" + PROJECT + "/cloudservers", createServers("before", 1), null),
				HttpStatus.ACCEPTED).get("job_id");
		assertThat(awaitEnd(before)).containsEntry("status", "SUCCESS");
		kafka.close();
		String during;
		try {
			Duration read = Duration.ofSeconds(5);
			assertThat(timed(read, () -> images("/v2/cloudimages"))).isNotEmpty();
			assertThat(timed(read, () -> json(get("/v2/images/" + baseImage), HttpStatus.OK)))
				.containsEntry("status", "active");
			assertThat(timed(read, () -> json(get("/v1/" + PROJECT + "/jobs/" + before), HttpStatus.OK)))
				.containsEntry("status", "SUCCESS");
			during = (String) timed(read, () -> json(post("/v1/" + PROJECT + "/cloudservers",
					createServers("during", 3), null), HttpStatus.ACCEPTED)).get("job_id");
			assertThat(timed(read, () -> json(get("/v1/" + PROJECT + "/jobs/" + during), HttpStatus.OK)))
				.doesNotContainEntry("status", "SUCCESS");
		}
		finally {
			kafka = startKafka();
		}

		assertThat(awaitEnd(during)).containsEntry("status", "SUCCESS");
		assertThat(servers("during")).hasSize(3)
			.allSatisfy((server) -> assertThat(server).containsEntry("status", "ACTIVE"));
		assertThat(instancesUsed()).isEqualTo(used + 4);
		FaultReport.write("InfrastructureOutageIT-kafka", "Kafka broker stopped, then started again on the same log",
				"answered while down: image list, image show, job show (each within 5 s)",
				"accepted while down: 1 job of 3 ECSs (202)",
				"after the restart: job SUCCESS, 3 ECSs ACTIVE, quota used up by exactly 4 (with the ECS of before); lost: 0;"
						+ " duplicated: 0");
	}

	private static <T> T timed(Duration limit, java.util.concurrent.Callable<T> call) {
		long start = System.nanoTime();
		T result;
		try {
			result = call.call();
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
		return result;
	}

	private static StandaloneMongo startMongo() {
		return StandaloneMongo.start(data.resolve("mongodb/ims.mv"), mongoPort);
	}

	private static StandaloneKafka startKafka() {
		return StandaloneKafka.start(data.resolve("kafka"), kafkaPort, controllerPort);
	}

	private static void assertUnavailable(WebTestClient.ResponseSpec response) {
		Map<String, Object> body = json(response, HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(body).extractingByKey("error").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("code", "IMS.0503");
	}

	private static String createServers(String name, int count) {
		return "{\"server\":{\"imageRef\":\"" + baseImage + "\",\"flavorRef\":\"s6.small.1\",\"name\":\"" + name
				+ "\",\"count\":" + count + "}}";
	}

	private static Map<String, Object> awaitEnd(String jobId) {
		return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
			.until(() -> json(get("/v1/" + PROJECT + "/jobs/" + jobId), HttpStatus.OK),
					(job) -> List.of("SUCCESS", "FAIL").contains(job.get("status")));
	}

	@SuppressWarnings("unchecked")
	private static int instancesUsed() {
		return ((Number) ((Map<String, Object>) json(get("/v1/" + PROJECT + "/cloudservers/limits"), HttpStatus.OK)
			.get("absolute")).get("totalInstancesUsed")).intValue();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> jobs() {
		return (List<Map<String, Object>>) json(get("/v1/" + PROJECT + "/jobs?limit=100"), HttpStatus.OK).get("jobs");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> servers(String name) {
		return (List<Map<String, Object>>) json(get("/v1/" + PROJECT + "/cloudservers/detail?name=" + name),
				HttpStatus.OK).get("servers");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> images(String path) {
		return (List<Map<String, Object>>) json(get(path), HttpStatus.OK).get("images");
	}

	private static WebTestClient.ResponseSpec get(String path) {
		return http.get().uri(path).header("X-Auth-Token", token).exchange();
	}

	private static WebTestClient.ResponseSpec post(String path, String body, String clientToken) {
		WebTestClient.RequestBodySpec request = http.post().uri(path).header("X-Auth-Token", token)
			.contentType(MediaType.APPLICATION_JSON);
		if (clientToken != null) {
			request = request.header("X-Client-Token", clientToken);
		}
		return request.bodyValue(body).exchange();
	}

	private static Map<String, Object> json(WebTestClient.ResponseSpec response, HttpStatus expected) {
		return response.expectStatus().isEqualTo(expected).expectBody(JSON).returnResult().getResponseBody();
	}

	private static WebTestClient client(int port) {
		HttpClient https = HttpClient.create().secure((tls) -> {
			try {
				tls.sslContext(SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build());
			}
			catch (javax.net.ssl.SSLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(https)).baseUrl("https://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30)).build();
	}

}
