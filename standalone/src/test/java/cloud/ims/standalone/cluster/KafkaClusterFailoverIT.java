package cloud.ims.standalone.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cloud.ims.core.testing.RequiresSystemTools;
import cloud.ims.core.testing.SystemTool;
import cloud.ims.messages.ImageChanged;
import cloud.ims.messages.JobStatusChanged;
import cloud.ims.messages.ServerChanged;
import cloud.ims.schemas.TopicSpec;
import cloud.ims.schemas.Topics;
import cloud.ims.standalone.ImsStack;
import cloud.ims.standalone.StackSettings;
import cloud.ims.standalone.e2e.FaultReport;
import cloud.ims.standalone.e2e.FileServer;
import cloud.ims.standalone.keys.SecurityMaterial;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * IMS on a three-node KRaft cluster whose topics have three replicas and need two in sync: in the middle of a batch
 * of 200 ECSs, and of an import, the node that leads most of the partitions the work is on is killed with SIGKILL.
 * Nothing accepted is lost, nothing is done twice, and the event stream ends every ECS, image and job in the state
 * the API shows, with one terminal event per job.
 * <p>
 * The stack is its own and is closed at the end. Closing a second Spring Boot web application in one JVM stops
 * Reactor Netty's global resources, which the shared end-to-end stack uses, so this class runs after every other
 * and just before {@code InfrastructureOutageIT}, which runs last for the same reason.
 */
@RequiresSystemTools({ SystemTool.QEMU_IMG, SystemTool.PRLIMIT })
@Order(Integer.MAX_VALUE - 1)
class KafkaClusterFailoverIT {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final int BATCH = 200;

	private static final String PROVISIONING_WORKER = "provisioning-worker";

	private static final String IMAGE_WORKER = "image-worker";

	private static final int SOURCE_SIZE = 4 * 1024 * 1024;

	private static final List<String> SETTINGS = List.of(
			// An ECS takes a second to create, twenty at a time: a batch of 200 lasts about ten seconds.
			"--ims.driver.simulated.latencies.create=1s", "--ims.driver.max-in-flight=20",
			"--ims.outbox.relay-interval=500ms", "--ims.outbox.grace=1s", "--ims.import.allowed-hosts=localhost");

	@TempDir
	static Path directory;

	private static KafkaCluster cluster;

	private static MongoServer mongo;

	private static ImsStack stack;

	private static Path data;

	private static WebTestClient http;

	@BeforeAll
	static void startClusterAndStack() {
		cluster = KafkaCluster.start(directory.resolve("kafka"));
		mongo = new MongoServer(new MemoryBackend());
		String mongoUri = mongo.bindAndGetConnectionString();
		data = directory.resolve("data");
		stack = ImsStack.start(new StackSettings(data, 0, cluster.bootstrapServers(), mongoUri, SETTINGS));
		http = client(stack.gatewayPort());
	}

	@AfterAll
	static void stopStackAndCluster() {
		if (stack != null) {
			stack.close();
		}
		if (mongo != null) {
			mongo.shutdownNow();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	/** A node killed by an earlier test is back, and has caught up with every partition, before the next kill. */
	@BeforeEach
	void startsEveryNodeAndWaitsUntilInSync() {
		cluster.restoreAll(Duration.ofSeconds(90));
	}

	@Test
	void createsEveryTopicWithThreeReplicasOfWhichTwoMustBeInSync() throws Exception {
		Map<String, TopicDescription> topics = cluster.describe(Topics.all().stream().map(TopicSpec::name).toList());

		for (TopicSpec spec : Topics.all()) {
			TopicDescription topic = topics.get(spec.name());
			assertThat(topic.partitions()).as(spec.name()).hasSize(spec.partitions())
				.allSatisfy((partition) -> assertThat(partition.replicas()).hasSize(KafkaCluster.SIZE));
			assertThat(cluster.topicConfig(spec.name(), "min.insync.replicas")).as(spec.name()).isEqualTo("2");
		}
		assertThat(cluster.describe(List.of("__consumer_offsets")).get("__consumer_offsets").partitions())
			.allSatisfy((partition) -> assertThat(partition.replicas()).hasSize(KafkaCluster.SIZE));
	}

	@Test
	@SuppressWarnings("unchecked")
	void finishesABatchOf200ExactlyOnceWhenTheLeaderOfItsPartitionsIsKilledInItsMiddle() throws Exception {
		Tenant tenant = new Tenant("cluster-batch");
		Map<String, Object> accepted = tenant.post("/v1/" + tenant.project + "/cloudservers",
				"{\"server\":{\"imageRef\":\"" + tenant.baseImage() + "\",\"flavorRef\":\"s6.small.1\",\"name\":\"web\","
						+ "\"count\":" + BATCH + "}}",
				HttpStatus.ACCEPTED);
		String jobId = (String) accepted.get("job_id");
		List<String> serverIds = (List<String>) accepted.get("serverIds");
		assertThat(serverIds).hasSize(BATCH);

		double reached = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
			.until(() -> percent(tenant.job(jobId)), (done) -> done >= 0.25);
		Map<TopicPartition, Integer> leaders = cluster.leaders(List.of(Topics.SERVER_COMMANDS, Topics.SERVER_EVENTS));
		int coordinator = cluster.coordinator(PROVISIONING_WORKER);
		int controller = cluster.activeController();
		int killed = leadingMost(leaders.values(), List.of(coordinator, controller));
		cluster.kill(killed);
		double whenKilled = percent(tenant.job(jobId));

		assertThat(whenKilled).as("the batch's progress once the node was gone").isBetween(0.25, 0.75);
		Map<String, Object> job = tenant.awaitEnd(jobId, Duration.ofSeconds(120));
		assertThat(job).containsEntry("status", "SUCCESS");
		assertThat((List<Map<String, Object>>) entities(job).get("sub_jobs")).hasSize(BATCH)
			.allSatisfy((subJob) -> assertThat(subJob).containsEntry("status", "SUCCESS"));
		Map<String, Object> detail = tenant.get("/v1/" + tenant.project + "/cloudservers/detail?limit=1000");
		List<Map<String, Object>> servers = (List<Map<String, Object>>) detail.get("servers");
		assertThat(detail).containsEntry("count", BATCH);
		assertThat(servers).extracting((server) -> server.get("id")).containsExactlyInAnyOrderElementsOf(serverIds);
		assertThat(servers).allSatisfy((server) -> assertThat(server).containsEntry("status", "ACTIVE"));
		assertThat(servers.stream().map((server) -> server.get("name")).distinct()).hasSize(BATCH);
		assertThat(names(data.resolve("vmware/disks")))
			.containsExactlyInAnyOrderElementsOf(serverIds.stream().map((id) -> id + ".qcow2").toList());
		assertThat(names(data.resolve("vmware/inventory")))
			.containsExactlyInAnyOrderElementsOf(serverIds.stream().map((id) -> id + ".json").toList());
		assertThat((Map<String, Object>) tenant.get("/v1/" + tenant.project + "/cloudservers/limits").get("absolute"))
			.containsEntry("totalInstancesUsed", BATCH);

		try (EventStream stream = new EventStream(cluster.bootstrapServers(),
				List.of(Topics.SERVER_EVENTS, Topics.JOB_EVENTS))) {
			List<SpecificRecord> events = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
				.until(stream::read, (read) -> serverIds.stream()
					.allMatch((id) -> "ACTIVE".equals(last(ofServer(read, id), ServerChanged::getStatus)))
						&& !terminal(ofJob(read, jobId)).isEmpty());
			Map<String, List<ServerChanged>> byServer = new LinkedHashMap<>();
			serverIds.forEach((id) -> byServer.put(id, ofServer(events, id)));

			assertThat(events.stream()
				.filter(ServerChanged.class::isInstance)
				.map(ServerChanged.class::cast)
				.filter((event) -> jobId.equals(event.getContext().getJobId()))
				.map(ServerChanged::getServerId)
				.collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(serverIds);
			byServer.forEach((id, ofOne) -> {
				assertThat(last(ofOne, ServerChanged::getStatus)).as("the last event of ECS %s", id).isEqualTo("ACTIVE");
				assertNoEventWithoutAChange(id, ofOne.stream().map((event) -> event.getChange() + " " + event.getStatus())
					.toList());
				assertVersionsWithoutGapsOrRepeats(id, ofOne);
			});
			List<JobStatusChanged> ofJob = ofJob(events, jobId);
			assertThat(terminal(ofJob))
				.as("terminal events of job %s (node %d killed at %d%%)", jobId, killed, Math.round(whenKilled * 100))
				.singleElement()
				.satisfies((end) -> assertThat(end.getStatus().name()).isEqualTo("SUCCESS"));
			assertThat(ofJob.get(ofJob.size() - 1).getStatus().name()).isEqualTo("SUCCESS");
			assertVersionsWithoutGapsOrRepeats(jobId, ofJob);

			FaultReport.write("KafkaClusterFailoverIT-batch",
					"3 KRaft nodes (broker+controller), every topic 3 replicas, min.insync.replicas 2",
					"SIGKILL of node " + killed + ", leader of " + count(leaders.values(), killed) + " of "
							+ leaders.size() + " partitions of " + Topics.SERVER_COMMANDS + " and " + Topics.SERVER_EVENTS
							+ roles(killed, coordinator, controller, PROVISIONING_WORKER) + ", with a batch of " + BATCH
							+ " ECSs at " + Math.round(reached * 100) + "% (at " + Math.round(whenKilled * 100)
							+ "% once the node was gone)",
					"completed: job SUCCESS, " + BATCH + " ECSs ACTIVE, " + BATCH + " disks, " + BATCH
							+ " inventory records, quota used " + BATCH + "; lost: 0; duplicated: 0",
					"events: " + byServer.values().stream().mapToInt(List::size).sum() + " ECS events and "
							+ ofJob.size() + " job events, every ECS's last one ACTIVE, 1 terminal job event; "
							+ stream.duplicates() + " redelivered records dropped; " + stream.withoutEventId()
							+ " events without event_id (deduplicated by message_id)");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void finishesAnImportExactlyOnceWhenTheLeaderOfItsPartitionsIsKilledInItsMiddle() throws Exception {
		Tenant tenant = new Tenant("cluster-import");
		Path source = rawDisk(directory.resolve("source.raw"));
		// About 6 s of download: the node is killed while it runs, and all the rest of the import comes after.
		try (FileServer files = FileServer.start().slow("/disk.raw", source, 64 * 1024, Duration.ofMillis(100))) {
			String jobId = (String) tenant.post("/v2/cloudimages/action", "{\"name\":\"imported\",\"image_url\":\""
					+ files.url("/disk.raw") + "\",\"min_disk\":1,\"disk_format\":\"raw\"}", HttpStatus.ACCEPTED)
				.get("job_id");
			String imageId = (String) entities(tenant.job(jobId)).get("image_id");

			double reached = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
				.until(() -> percent(tenant.job(jobId)), (done) -> done >= 0.1);
			TopicPartition imageEvents = new TopicPartition(Topics.IMAGE_EVENTS,
					cluster.partitionOf(Topics.IMAGE_EVENTS, imageId));
			List<TopicPartition> used = List.of(
					new TopicPartition(Topics.IMAGE_COMMANDS, cluster.partitionOf(Topics.IMAGE_COMMANDS, imageId)),
					imageEvents, new TopicPartition(Topics.JOB_EVENTS, cluster.partitionOf(Topics.JOB_EVENTS, jobId)));
			Map<TopicPartition, Integer> leaders = cluster.leaders(List.of(Topics.IMAGE_COMMANDS, Topics.IMAGE_EVENTS,
					Topics.JOB_EVENTS));
			int coordinator = cluster.coordinator(IMAGE_WORKER);
			int controller = cluster.activeController();
			int killed = leadingMost(used.stream().map(leaders::get).toList(),
					List.of(leaders.get(imageEvents), coordinator, controller));
			cluster.kill(killed);
			double whenKilled = percent(tenant.job(jobId));

			// The download is 0 to 60% of the job: the node was gone before it ended.
			assertThat(whenKilled).as("the import's progress once the node was gone").isBetween(0.1, 0.5);
			assertThat(tenant.awaitEnd(jobId, Duration.ofSeconds(90))).containsEntry("status", "SUCCESS");
			Path stored = data.resolve("images/objects/" + imageId);
			Map<String, Object> image = tenant.get("/v2/images/" + imageId);
			assertThat(image).containsEntry("status", "active")
				.containsEntry("disk_format", "vmdk")
				.containsEntry("checksum", digest("MD5", stored))
				.containsEntry("os_hash_value", digest("SHA-256", stored));
			assertThat(((Number) image.get("size")).longValue()).isEqualTo(Files.size(stored));
			assertThat(sameContent(stored, "vmdk", source, "raw")).as("the stored image has the source's content").isTrue();
			assertThat((List<Map<String, Object>>) tenant.get("/v2/cloudimages?__imagetype=private").get("images"))
				.extracting((listed) -> listed.get("id"))
				.containsExactly(imageId);
			assertThat(names(data.resolve("images/staging"))).isEmpty();
			assertThat(names(data.resolve("images/work"))).isEmpty();

			try (EventStream stream = new EventStream(cluster.bootstrapServers(),
					List.of(Topics.IMAGE_EVENTS, Topics.JOB_EVENTS))) {
				List<SpecificRecord> events = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
					.until(stream::read, (read) -> "active".equals(last(ofImage(read, imageId), ImageChanged::getStatus))
							&& !terminal(ofJob(read, jobId)).isEmpty());
				List<ImageChanged> ofImage = ofImage(events, imageId);
				List<JobStatusChanged> ofJob = ofJob(events, jobId);

				assertThat(ofImage.get(ofImage.size() - 1)).satisfies((end) -> {
					assertThat(end.getStatus()).isEqualTo("active");
					assertThat(end.getChecksum()).isEqualTo(image.get("checksum"));
					assertThat(end.getSize()).isEqualTo(Files.size(stored));
				});
				assertNoEventWithoutAChange(imageId, ofImage.stream()
					.map((event) -> event.getChange() + " " + event.getStatus() + " " + event.getChecksum())
					.toList());
				assertVersionsWithoutGapsOrRepeats(imageId, ofImage);
				assertThat(terminal(ofJob))
					.as("terminal events of job %s (node %d killed at %d%%)", jobId, killed, Math.round(whenKilled * 100))
					.singleElement()
					.satisfies((end) -> assertThat(end.getStatus().name()).isEqualTo("SUCCESS"));
				assertThat(ofJob.get(ofJob.size() - 1).getStatus().name()).isEqualTo("SUCCESS");
				assertVersionsWithoutGapsOrRepeats(jobId, ofJob);

				FaultReport.write("KafkaClusterFailoverIT-import",
						"3 KRaft nodes (broker+controller), every topic 3 replicas, min.insync.replicas 2",
						"SIGKILL of node " + killed + ", leader of " + count(used.stream().map(leaders::get).toList(), killed)
								+ " of the import's 3 partitions " + used + roles(killed, coordinator, controller, IMAGE_WORKER)
								+ ", with the import at "
								+ Math.round(reached * 100) + "% (" + Math.round(whenKilled * 100)
								+ "% once the node was gone; the download is 0-60%)",
						"completed: job SUCCESS, 1 image active, its checksum and content right, nothing left in "
								+ "staging or work; lost: 0; duplicated: 0",
						"events: " + ofImage.size() + " image events, the last one active with the stored checksum, "
								+ ofJob.size() + " job events, 1 terminal; " + stream.duplicates()
								+ " redelivered records dropped; " + stream.withoutEventId()
								+ " events without event_id (deduplicated by message_id)");
			}
		}
	}

	/**
	 * The node that leads the most of these partitions; among nodes that lead as many, the first of
	 * {@code preferred} (the one whose loss costs most), else the lowest id.
	 */
	private static int leadingMost(Collection<Integer> leaders, List<Integer> preferred) {
		Map<Integer, Long> led = leaders.stream().filter((id) -> id > 0)
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		long most = led.values().stream().mapToLong(Long::longValue).max().orElseThrow();
		return led.entrySet().stream()
			.filter((entry) -> entry.getValue() == most)
			.map(Map.Entry::getKey)
			.min(Comparator.comparing((Integer id) -> preferred.contains(id) ? preferred.indexOf(id) : preferred.size())
				.thenComparing(Comparator.naturalOrder()))
			.orElseThrow();
	}

	private static String roles(int killed, int coordinator, int controller, String group) {
		return ((killed == coordinator) ? ", coordinator of the " + group + " group" : "")
				+ ((killed == controller) ? ", the active controller" : "");
	}

	private static long count(Collection<Integer> leaders, int node) {
		return leaders.stream().filter((id) -> id == node).count();
	}

	private static List<ServerChanged> ofServer(List<SpecificRecord> events, String serverId) {
		return events.stream().filter(ServerChanged.class::isInstance).map(ServerChanged.class::cast)
			.filter((event) -> serverId.equals(event.getServerId())).toList();
	}

	private static List<ImageChanged> ofImage(List<SpecificRecord> events, String imageId) {
		return events.stream().filter(ImageChanged.class::isInstance).map(ImageChanged.class::cast)
			.filter((event) -> imageId.equals(event.getImageId())).toList();
	}

	private static List<JobStatusChanged> ofJob(List<SpecificRecord> events, String jobId) {
		return events.stream().filter(JobStatusChanged.class::isInstance).map(JobStatusChanged.class::cast)
			.filter((event) -> jobId.equals(event.getContext().getJobId())).toList();
	}

	private static List<JobStatusChanged> terminal(List<JobStatusChanged> events) {
		return events.stream().filter((event) -> List.of("SUCCESS", "FAIL").contains(event.getStatus().name())).toList();
	}

	private static <E> Object last(List<E> events, Function<E, Object> field) {
		return events.isEmpty() ? null : field.apply(events.get(events.size() - 1));
	}

	/** Two events in a row that report the same change to the same state: the second changed nothing. */
	private static void assertNoEventWithoutAChange(String resource, List<String> changes) {
		for (int i = 1; i < changes.size(); i++) {
			assertThat(changes.get(i)).as("event %d of %s, after %s", i + 1, resource, changes).isNotEqualTo(changes.get(i - 1));
		}
	}

	/**
	 * Once events carry their resource's version, one resource's versions count up from 1 in steps of one. Events
	 * from before that carry 0, and say nothing.
	 */
	private static void assertVersionsWithoutGapsOrRepeats(String resource, List<? extends SpecificRecord> events) {
		List<Long> versions = events.stream().map(EventStream::resourceVersion).toList();
		if (versions.stream().allMatch((version) -> version == 0)) {
			return;
		}
		List<Long> expected = new ArrayList<>();
		for (long version = versions.get(0); expected.size() < versions.size(); version++) {
			expected.add(version);
		}
		assertThat(versions).as("versions of %s", resource).isEqualTo(expected);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> entities(Map<String, Object> job) {
		return (Map<String, Object>) job.get("entities");
	}

	private static double percent(Map<String, Object> job) {
		return ((Number) entities(job).get("process_percent")).doubleValue();
	}

	private static Set<String> names(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return Set.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).collect(Collectors.toCollection(HashSet::new));
		}
	}

	/** A raw disk (an MBR signature, then random data), so that its stored form cannot be guessed from its size. */
	private static Path rawDisk(Path file) throws IOException {
		byte[] bytes = new byte[SOURCE_SIZE];
		new Random(42).nextBytes(bytes);
		bytes[510] = 0x55;
		bytes[511] = (byte) 0xAA;
		return Files.write(file, bytes);
	}

	private static String digest(String algorithm, Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance(algorithm);
			byte[] buffer = new byte[64 * 1024];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether the two images hold the same disk content, by {@code qemu-img compare}. */
	private static boolean sameContent(Path first, String firstFormat, Path second, String secondFormat)
			throws IOException, InterruptedException {
		Process compare = new ProcessBuilder("qemu-img", "compare", "-q", "-f", firstFormat, "-F", secondFormat,
				first.toString(), second.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!compare.waitFor(60, TimeUnit.SECONDS)) {
			compare.destroyForcibly();
			throw new IllegalStateException("qemu-img compare did not finish within 60 s");
		}
		return compare.exitValue() == 0;
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
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(https))
			.baseUrl("https://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/** A user of one project, calling the stack's API with its own token. */
	private static final class Tenant {

		private final String project;

		private final String token;

		Tenant(String project) {
			this.project = project;
			this.token = SecurityMaterial.ensure(data).tokenIssuer().issue(project, "alice", false, Duration.ofHours(1));
		}

		Map<String, Object> get(String path) {
			return http.get().uri(path).header("X-Auth-Token", this.token).exchange().expectStatus().isOk()
				.expectBody(JSON).returnResult().getResponseBody();
		}

		Map<String, Object> post(String path, String body, HttpStatus expected) {
			return http.post().uri(path).header("X-Auth-Token", this.token).contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body).exchange().expectStatus().isEqualTo(expected).expectBody(JSON).returnResult()
				.getResponseBody();
		}

		Map<String, Object> job(String jobId) {
			return get("/v1/" + this.project + "/jobs/" + jobId);
		}

		Map<String, Object> awaitEnd(String jobId, Duration atMost) {
			return await().atMost(atMost).pollInterval(Duration.ofMillis(500))
				.until(() -> job(jobId), (job) -> List.of("SUCCESS", "FAIL").contains(job.get("status")));
		}

		@SuppressWarnings("unchecked")
		String baseImage() {
			return (String) ((List<Map<String, Object>>) get("/v2/cloudimages?name=ims-base-linux").get("images")).get(0)
				.get("id");
		}

	}

}
