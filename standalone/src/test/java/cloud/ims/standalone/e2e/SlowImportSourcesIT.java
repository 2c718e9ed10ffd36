package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import cloud.ims.core.image.Image;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18, slow import sources, over real HTTPS and Kafka with sources served by a local HTTP server: a source under
 * the throughput floor (the test stack's: 4 B/s over 2 s) is ended with {@code IMG.0428}; sources that keep above it
 * but are slow (10 B/s, ended only by the stack's 4 s time limit) hold their imports' work, never a consumer thread,
 * so another project's import, capture and deletion finish meanwhile; and a project with as many imports under way as
 * {@code ims.quota.imports-in-progress} (5) is refused the next one with 429 {@code IMG.0419} and nothing recorded.
 */
class SlowImportSourcesIT {

	/** The default cap of imports under way per project. */
	private static final int CAP = 5;

	@TempDir
	static Path sources;

	private static DiskImages images;

	private static FileServer server;

	private final Tenant slow = Tenant.newProject();

	private final Tenant other = Tenant.newProject();

	@BeforeAll
	static void serveSources() {
		images = new DiskImages(sources);
		server = FileServer.start()
			// 2 bytes a second: under the floor, though never stalled (the stack's stall timeout is 1 s).
			.drip("/trickle.raw", 1000, Duration.ofMillis(500))
			// 10 bytes a second: above the floor; the 4 s time limit ends it.
			.drip("/slow.raw", 100, Duration.ofMillis(100))
			.file("/small.qcow2", images.qcow2());
	}

	@AfterAll
	static void stopServing() {
		server.close();
	}

	@Test
	void endsAnImportWhoseSourceDeliversLessThanTheFloorWithItsCodeAndLeavesNothingStaged() {
		String jobId = importFromUrl(this.slow, "trickled", server.url("/trickle.raw"));

		Map<String, Object> job = this.slow.awaitJob(jobId);

		assertThat(job).as("job %s", job).containsEntry("status", "FAIL").containsEntry("error_code", "IMG.0428");
		assertThat((String) job.get("fail_reason")).contains("B/s")
			.contains("below 4 B/s")
			.contains("ims.import.min-throughput")
			.contains("faster source");
		String imageId = imageIdOf(job);
		assertThat(this.slow.json(this.slow.get("/v2/images/" + imageId), HttpStatus.OK)).containsEntry("status",
				"killed");
		assertThat(namesIn(TestStack.get().dataDir().resolve("images/staging"))).noneMatch((name) -> name
			.contains(imageId));
		assertThat(TestStack.get().dataDir().resolve("images/objects/" + imageId)).doesNotExist();
	}

	@Test
	void anotherProjectsImportCaptureAndDeletionFinishWhileSlowSourcesHoldImports() {
		String serverId = this.other.activeServer("busy-day");
		Image toDelete = ImageFixture.anActivePrivateImage(this.other.projectId, "to-delete");
		// As many slow imports as the project may have: under the former listener they held both consumer threads of
		// the image-worker (each owns half the partitions) unless all fell on the partitions of one.
		List<String> slowJobs = slowImports(this.slow, CAP);
		PrometheusScrape held = PrometheusScrape.of(TestStack.get().stack().imageWorker());
		assertThat(held.sum("ims_image_pipeline_running", Map.of())).isGreaterThanOrEqualTo(CAP);
		assertThat(held.sum("ims_image_pipeline_admitted", Map.of())).isGreaterThanOrEqualTo(CAP);

		List<String> otherJobs = List.of(importFromUrl(this.other, "small", server.url("/small.qcow2")),
				(String) this.other.json(this.other.post("/v2/cloudimages/action",
						"{\"name\":\"captured\",\"instance_id\":\"" + serverId + "\"}"), HttpStatus.ACCEPTED)
					.get("job_id"),
				this.other.http.delete()
					.uri("/v2/images/" + toDelete.id().value())
					.header("X-Auth-Token", this.other.token)
					.exchange()
					.expectStatus().isNoContent()
					.returnResult(Void.class).getResponseHeaders().getFirst("X-Job-Id"));

		await().atMost(Duration.ofMillis(3500)).pollInterval(Duration.ofMillis(50))
			.until(() -> otherJobs.stream().map((jobId) -> status(this.other, jobId)).toList(),
					(statuses) -> statuses.stream().allMatch("SUCCESS"::equals));
		assertThat(slowJobs.stream().map((jobId) -> status(this.slow, jobId)))
			.as("the slow imports are still under way when the other project's work is done")
			.containsOnly("RUNNING");
		this.other.get("/v2/images/" + toDelete.id().value()).expectStatus().isNotFound();
		slowJobs.forEach((jobId) -> assertThat(this.slow.awaitJob(jobId)).containsEntry("error_code", "IMG.0423"));
	}

	@Test
	void refusesTheImportPastTheProjectsCapBeforeRecordingAnythingAndAdmitsAnotherProjects() {
		String glanceImage = (String) this.slow.json(this.slow.post("/v2/images", "{\"name\":\"queued\"}"),
				HttpStatus.CREATED).get("id");
		List<String> slowJobs = slowImports(this.slow, CAP);
		int quotaUsed = this.slow.imageQuotaUsed();

		IsolationIT.assertError(this.slow.post("/v2/cloudimages/action", "{\"name\":\"one-too-many\",\"image_url\":\""
				+ server.url("/small.qcow2") + "\",\"min_disk\":1}"), HttpStatus.TOO_MANY_REQUESTS, "IMG.0419");
		IsolationIT.assertError(this.slow.post("/v2/images/" + glanceImage + "/import",
				"{\"method\":{\"name\":\"web-download\",\"uri\":\"" + server.url("/small.qcow2") + "\"}}"),
				HttpStatus.TOO_MANY_REQUESTS, "IMG.0419");
		// Read at once: a slow import that ends (the stack's 4 s time limit) releases its image's quota.
		assertThat(this.slow.imageQuotaUsed()).as("no image reserved").isLessThanOrEqualTo(quotaUsed);

		assertThat(importJobs(this.slow)).as("no job of the refused imports").hasSize(CAP);
		assertThat(names(this.slow.json(this.slow.get("/v2/cloudimages?name=one-too-many"), HttpStatus.OK)))
			.isEmpty();
		assertThat(this.slow.json(this.slow.get("/v2/images/" + glanceImage), HttpStatus.OK)).containsEntry("status",
				"queued");
		Map<String, Object> admitted = this.other.awaitJob(importFromUrl(this.other, "admitted",
				server.url("/small.qcow2")));
		assertThat(admitted).as("job %s", admitted).containsEntry("status", "SUCCESS");
		slowJobs.forEach((jobId) -> assertThat(this.slow.awaitJob(jobId)).containsEntry("error_code", "IMG.0423"));
	}

	/** Starts slow imports and waits until each downloads. */
	private static List<String> slowImports(Tenant tenant, int count) {
		List<String> jobIds = IntStream.range(0, count)
			.mapToObj((i) -> importFromUrl(tenant, "slow-" + i, server.url("/slow.raw")))
			.toList();
		await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
			.until(() -> jobIds.stream().map((jobId) -> job(tenant, jobId)).toList(),
					(jobs) -> jobs.stream().allMatch((job) -> "RUNNING".equals(job.get("status"))
							&& ((Number) entities(job).get("process_percent")).doubleValue() > 0));
		return jobIds;
	}

	private static String importFromUrl(Tenant tenant, String name, String url) {
		return (String) tenant.json(tenant.post("/v2/cloudimages/action",
				"{\"name\":\"" + name + "\",\"image_url\":\"" + url + "\",\"min_disk\":1}"), HttpStatus.ACCEPTED)
			.get("job_id");
	}

	private static Map<String, Object> job(Tenant tenant, String jobId) {
		return tenant.json(tenant.get("/v1/" + tenant.projectId + "/jobs/" + jobId), HttpStatus.OK);
	}

	private static String status(Tenant tenant, String jobId) {
		return (String) job(tenant, jobId).get("status");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> importJobs(Tenant tenant) {
		return (List<Map<String, Object>>) tenant
			.json(tenant.get("/v1/" + tenant.projectId + "/jobs?job_type=imsImportImageJob"), HttpStatus.OK)
			.get("jobs");
	}

	@SuppressWarnings("unchecked")
	private static List<String> names(Map<String, Object> list) {
		return ((List<Map<String, Object>>) list.get("images")).stream().map((image) -> (String) image.get("name"))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> entities(Map<String, Object> job) {
		return (Map<String, Object>) job.get("entities");
	}

	private static String imageIdOf(Map<String, Object> job) {
		return (String) entities(job).get("image_id");
	}

	private static List<String> namesIn(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
