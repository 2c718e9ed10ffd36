package cloud.ims.standalone.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import cloud.ims.standalone.e2e.FaultReport;
import cloud.ims.standalone.events.EventLog;
import cloud.ims.standalone.keys.SecurityMaterial;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills the whole standalone stack with SIGKILL in the middle of a batch of 100 ECSs and starts it again on the same
 * data: the job still ends, with exactly 100 ECSs, no duplicate, no orphaned disk, and the quota right. Then stops it
 * with SIGTERM in the middle of another batch: it exits by itself, and after a restart that batch ends the same way.
 * (One test, so that the expensive process starts are shared: three instead of four.)
 */
class CrashRecoveryIT {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	/**
	 * Creates take 2 s, 8 at a time: a batch moves in steps of 8 ECSs, so that the kill and the stop land in its
	 * middle (at 64 in flight a batch of 40 ended in one step, before the test saw it under way).
	 */
	private static final List<String> SETTINGS = List.of("--ims.driver.simulated.latency=200ms",
			"--ims.driver.simulated.latencies.create=2s", "--ims.driver.max-in-flight=8", "--ims.watchdog.interval=2s",
			"--ims.watchdog.stall-timeout=15s", "--ims.outbox.relay-interval=1s");

	@TempDir
	Path directory;

	private static final int GRACEFUL_BATCH = 40;

	@Test
	@SuppressWarnings("unchecked")
	void finishesBatchesInterruptedByAKillAndByAGracefulStopWithNothingDuplicatedOrOrphaned() throws Exception {
		Assumptions.assumeTrue(StandaloneProcess.isBuilt(), "needs target/ims-standalone.jar (mvn package)");
		Path data = this.directory.resolve("data");
		SecurityMaterial keys = SecurityMaterial.ensure(data);
		String token = keys.tokenIssuer().issue("crash", "alice", false, Duration.ofHours(1));
		String gracefulToken = keys.tokenIssuer().issue("graceful", "bob", false, Duration.ofHours(1));
		String jobId;
		List<String> serverIds;
		double killedAt;
		String gracefulJob;
		List<String> gracefulIds;
		double stoppedAt;
		Duration stoppedIn;
		try (StandaloneProcess first = new StandaloneProcess(data, SETTINGS).start()) {
			WebTestClient api = first.client();
			String image = (String) ((List<Map<String, Object>>) get(api, token, "/v2/cloudimages?name=ims-base-linux")
				.get("images")).get(0).get("id");
			Map<String, Object> accepted = api.post().uri("/v1/crash/cloudservers").header("X-Auth-Token", token)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"server\":{\"imageRef\":\"" + image + "\",\"flavorRef\":\"s6.small.1\",\"name\":\"web\","
						+ "\"count\":100}}")
				.exchange().expectStatus().isAccepted().expectBody(JSON).returnResult().getResponseBody();
			jobId = (String) accepted.get("job_id");
			serverIds = (List<String>) accepted.get("serverIds");
			killedAt = await().atMost(Duration.ofSeconds(60))
				.until(() -> percent(get(api, token, "/v1/crash/jobs/" + jobId)), (done) -> done >= 0.2);

			first.kill();
		}
		try (StandaloneProcess second = new StandaloneProcess(data, SETTINGS).start()) {
			WebTestClient api = second.client();

			Map<String, Object> job = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
				.until(() -> get(api, token, "/v1/crash/jobs/" + jobId),
						(current) -> List.of("SUCCESS", "FAIL").contains(current.get("status")));

			assertThat(job).containsEntry("status", "SUCCESS");
			Map<String, Object> detail = get(api, token, "/v1/crash/cloudservers/detail?limit=1000");
			List<Map<String, Object>> servers = (List<Map<String, Object>>) detail.get("servers");
			assertThat(detail).containsEntry("count", 100);
			assertThat(servers).extracting((server) -> server.get("id")).containsExactlyInAnyOrderElementsOf(serverIds);
			assertThat(new HashSet<>(servers.stream().map((server) -> server.get("name")).toList())).hasSize(100);
			assertThat(servers).allSatisfy((server) -> assertThat(server).containsEntry("status", "ACTIVE"));
			assertThat(disks(data)).isEqualTo(new HashSet<>(serverIds));
			assertThat((Map<String, Object>) get(api, token, "/v1/crash/cloudservers/limits").get("absolute"))
				.containsEntry("totalInstancesUsed", 100);

			Map<String, Object> accepted = api.post().uri("/v1/graceful/cloudservers")
				.header("X-Auth-Token", gracefulToken).contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"server\":{\"imageRef\":\"" + image(api, gracefulToken) + "\",\"flavorRef\":\"s6.small.1\","
						+ "\"name\":\"app\",\"count\":" + GRACEFUL_BATCH + "}}")
				.exchange().expectStatus().isAccepted().expectBody(JSON).returnResult().getResponseBody();
			gracefulJob = (String) accepted.get("job_id");
			gracefulIds = (List<String>) accepted.get("serverIds");
			stoppedAt = await().atMost(Duration.ofSeconds(60))
				.until(() -> percent(get(api, gracefulToken, "/v1/graceful/jobs/" + gracefulJob)), (done) -> done >= 0.2);

			long stopping = System.nanoTime();
			assertThat(second.stop(Duration.ofSeconds(60))).as("the stack exits by itself on SIGTERM").isTrue();
			stoppedIn = Duration.ofNanos(System.nanoTime() - stopping);
		}
		try (StandaloneProcess third = new StandaloneProcess(data, SETTINGS).start()) {
			WebTestClient api = third.client();

			Map<String, Object> job = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
				.until(() -> get(api, gracefulToken, "/v1/graceful/jobs/" + gracefulJob),
						(current) -> List.of("SUCCESS", "FAIL").contains(current.get("status")));

			assertThat(job).containsEntry("status", "SUCCESS");
			List<Map<String, Object>> servers = (List<Map<String, Object>>) get(api, gracefulToken,
					"/v1/graceful/cloudservers/detail?limit=1000").get("servers");
			assertThat(servers).extracting((server) -> server.get("id")).containsExactlyInAnyOrderElementsOf(gracefulIds);
			assertThat(new HashSet<>(servers.stream().map((server) -> server.get("name")).toList()))
				.hasSize(GRACEFUL_BATCH);
			assertThat(servers).allSatisfy((server) -> assertThat(server).containsEntry("status", "ACTIVE"));
			Set<String> all = new HashSet<>(serverIds);
			all.addAll(gracefulIds);
			assertThat(disks(data)).isEqualTo(all);
			assertThat((Map<String, Object>) get(api, gracefulToken, "/v1/graceful/cloudservers/limits").get("absolute"))
				.containsEntry("totalInstancesUsed", GRACEFUL_BATCH);

			// The event stream survived the kill and the stop: every ECS's events run 1, 2, 3... and end ACTIVE, and
			// each job has one terminal event, its last.
			EventLog events = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
				.until(() -> EventLog.read(third.bootstrapServers(), Set.of("crash", "graceful")),
						(log) -> all.stream().allMatch((id) -> log.last("server " + id).equals("ACTIVE"))
								&& log.last("job " + jobId).equals("SUCCESS")
								&& log.last("job " + gracefulJob).equals("SUCCESS"));
			assertThat(events.versionGaps()).isEmpty();
			assertThat(List.of(jobId, gracefulJob)).allSatisfy((ended) -> assertThat(events.of("job " + ended))
				.filteredOn(EventLog.Event::terminal).singleElement().extracting(EventLog.Event::state).isEqualTo("SUCCESS"));
		}
		assertThat(killedAt).as("the kill landed in the middle of the batch").isBetween(0.2, 0.95);
		assertThat(stoppedAt).as("the stop landed in the middle of the batch").isBetween(0.2, 0.95);
		int all = 100 + GRACEFUL_BATCH;
		FaultReport.write("CrashRecoveryIT",
				"SIGKILL of the whole stack with a batch of 100 ECSs at " + Math.round(killedAt * 100)
						+ "%, restart on the same data: job SUCCESS, 100 ECSs ACTIVE, 100 disks, quota used 100",
				"SIGTERM with a batch of " + GRACEFUL_BATCH + " ECSs at " + Math.round(stoppedAt * 100)
						+ "%: the stack exited by itself in " + stoppedIn.toMillis() + " ms; after the restart job "
						+ "SUCCESS, " + GRACEFUL_BATCH + " ECSs ACTIVE, quota used " + GRACEFUL_BATCH,
				"accepted: 2 jobs, " + all + " ECSs; completed: 2 jobs SUCCESS, " + all + " ECSs ACTIVE, " + all
						+ " disks; failed: 0; lost: 0; duplicated: 0; orphaned disks: 0",
				"events: every ECS's versions 1, 2, 3... ending ACTIVE, one terminal event per job, after the kill and the stop");
	}

	@SuppressWarnings("unchecked")
	private static String image(WebTestClient api, String token) {
		return (String) ((List<Map<String, Object>>) get(api, token, "/v2/cloudimages?name=ims-base-linux").get("images"))
			.get(0).get("id");
	}

	private static Set<String> disks(Path data) throws IOException {
		try (Stream<Path> files = Files.list(data.resolve("vmware/disks"))) {
			return new HashSet<>(files.map((file) -> file.getFileName().toString().replace(".qcow2", "")).toList());
		}
	}

	private static double percent(Map<String, Object> job) {
		return ((Number) ((Map<String, Object>) job.get("entities")).get("process_percent")).doubleValue();
	}

	private static Map<String, Object> get(WebTestClient api, String token, String path) {
		return api.get().uri(path).header("X-Auth-Token", token).exchange().expectStatus().isOk().expectBody(JSON)
			.returnResult().getResponseBody();
	}

}
