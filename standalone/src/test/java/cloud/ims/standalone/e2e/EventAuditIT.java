package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.standalone.events.EventLog;
import cloud.ims.standalone.events.EventLog.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event audit: a mixed workload of one project (batches with injected failures under both policies, operations
 * the state forbids, an upload, a bad upload, a stalled upload the watchdog ends, edits including a no-op, deletes),
 * then its event stream, read as a subscriber reads it, is compared with the state read through the API: every
 * resource's versions run 1, 2, 3... without gaps or repeats, the last event of every image and ECS is its state,
 * every ended job has exactly one terminal event and it is its last, and a change that changes nothing has no event.
 */
class EventAuditIT {

	@TempDir
	static Path files;

	private static DiskImages disks;

	private final Tenant tenant = Tenant.newProject();

	@BeforeAll
	static void makeDisks() {
		disks = new DiskImages(files);
	}

	@AfterAll
	static void forgetDisks() {
		disks = null;
	}

	@Test
	@SuppressWarnings("unchecked")
	void publishesExactlyOneEventPerChangeAndEndsEveryResourceInItsState() throws IOException {
		List<String> jobs = new ArrayList<>();
		Set<String> servers = new HashSet<>();
		Set<String> images = new HashSet<>();
		try (VmwareConditions faults = VmwareConditions.failingNames(".*-0002")) {
			Map<String, Object> bestEffort = createServers("best", 3, null);
			Map<String, Object> allOrNothing = createServers("aon", 3, "{\"mode\":\"all_or_nothing\"}");
			for (Map<String, Object> accepted : List.of(bestEffort, allOrNothing)) {
				jobs.add((String) accepted.get("job_id"));
				servers.addAll((List<String>) accepted.get("serverIds"));
				this.tenant.awaitJob((String) accepted.get("job_id"));
			}
		}
		String running = ((List<String>) createAndAwait("single", 1, jobs, servers).get("serverIds")).get(0);
		jobs.add(act("os-stop", running));
		jobs.add(act("os-stop", running));
		jobs.add(act("os-start", running));

		String uploaded = glanceImage("qcow2");
		images.add(uploaded);
		String uploadJob = upload(uploaded, Files.readAllBytes(disks.qcow2()), HttpStatus.NO_CONTENT);
		jobs.add(uploadJob);
		// The image is edited once active: a saving image cannot be.
		this.tenant.awaitJob(uploadJob);
		String tooLarge = glanceImage("raw");
		images.add(tooLarge);
		upload(tooLarge, new byte[5 * 1024 * 1024], HttpStatus.PAYLOAD_TOO_LARGE);
		images.add(stalledUpload(jobs));

		String patch = "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"audited\"}]";
		patch(uploaded, patch);
		patch(uploaded, patch);
		jobs.add(deleteImage(tooLarge));
		jobs.add(deleteServers(List.of(running)));
		jobs.forEach((job) -> this.tenant.awaitJob(job));

		AtomicReference<EventLog> read = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			read.set(EventLog.read(TestStack.get().bootstrapServers(), Set.of(this.tenant.projectId)));
			assertThat(unsettled(read.get(), servers, images, jobs)).as("resources whose last event is not their state")
				.isEmpty();
		});
		EventLog audit = read.get();

		assertThat(audit.versionGaps()).as("resources whose versions do not run 1, 2, 3...").isEmpty();
		for (String job : jobs) {
			List<Event> events = audit.of("job " + job);
			assertThat(events).as("events of job %s", job)
				.filteredOn(Event::terminal)
				.singleElement()
				.isEqualTo(events.get(events.size() - 1));
		}
		assertThat(audit.of("image " + uploaded)).as("the no-op edit publishes nothing")
			.extracting(Event::state)
			.containsExactly("queued uploaded", "saving uploaded", "active uploaded", "active audited");
		assertThat(audit.of("server " + running)).extracting(Event::state)
			.containsExactly("BUILD", "ACTIVE", "SHUTOFF", "ACTIVE", "DELETED");
		assertThat(this.tenant.imageQuotaUsed()).as("images that hold the quota: the active one only").isEqualTo(1);
	}

	private Map<String, Object> createAndAwait(String name, int count, List<String> jobs, Set<String> servers) {
		Map<String, Object> accepted = createServers(name, count, null);
		jobs.add((String) accepted.get("job_id"));
		servers.addAll(serverIds(accepted));
		this.tenant.awaitJob((String) accepted.get("job_id"));
		return accepted;
	}

	@SuppressWarnings("unchecked")
	private static List<String> serverIds(Map<String, Object> accepted) {
		return (List<String>) accepted.get("serverIds");
	}

	private Map<String, Object> createServers(String name, int count, String policy) {
		return this.tenant.json(this.tenant.post(servers(), """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"%s","count":%d}%s}"""
			.formatted(this.tenant.baseImageId(), name, count, (policy != null) ? ",\"batch_policy\":" + policy : "")),
				HttpStatus.ACCEPTED);
	}

	private String act(String action, String serverId) {
		String job = (String) this.tenant.json(this.tenant.post(servers() + "/action",
				"{\"" + action + "\":{\"servers\":[{\"id\":\"" + serverId + "\"}],\"type\":\"HARD\"}}"),
				HttpStatus.ACCEPTED).get("job_id");
		this.tenant.awaitJob(job);
		return job;
	}

	private String deleteServers(List<String> ids) {
		return (String) this.tenant.json(this.tenant.post(servers() + "/delete", "{\"servers\":["
				+ String.join(",", ids.stream().map((id) -> "{\"id\":\"" + id + "\"}").toList()) + "]}"),
				HttpStatus.ACCEPTED).get("job_id");
	}

	private String glanceImage(String diskFormat) {
		return (String) this.tenant.json(this.tenant.post("/v2/images",
				"{\"name\":\"uploaded\",\"disk_format\":\"" + diskFormat + "\"}"), HttpStatus.CREATED).get("id");
	}

	private String upload(String imageId, byte[] bytes, HttpStatus expected) {
		return this.tenant.http.put()
			.uri("/v2/images/" + imageId + "/file")
			.header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.contentLength(bytes.length)
			.bodyValue(bytes)
			.exchange()
			.expectStatus().isEqualTo(expected.value())
			.returnResult(Void.class).getResponseHeaders().getFirst("X-Job-Id");
	}

	/** An upload whose client went silent (a saving image and its job, as the gateway leaves them): the watchdog ends it. */
	private String stalledUpload(List<String> jobs) {
		JobId jobId = JobId.newId();
		Instant now = Instant.now();
		Actor actor = new Actor(this.tenant.projectId, "alice-" + this.tenant.projectId, "req-stalled");
		// As the gateway does when it accepts an upload's image: its quota unit first.
		TestStack.get().stack().gateway().getBean(ProjectQuotas.class)
			.update(this.tenant.projectId, (quota) -> Optional.of(quota.reserveImage(100)))
			.block();
		Image saving = ImageFixture.store(new Image(ImageId.newId(), "stalled", ImageStatus.SAVING, Visibility.PRIVATE,
				this.tenant.projectId, false, List.of(), "bare", 1, 0, null, null, "Linux", null, null, "64", null,
				"upload", Map.of(), jobId.value(), now, now, 0));
		TestStack.get().stack().gateway().getBean(Jobs.class)
			.insert(Job.awaitingCommand(jobId, JobType.UPLOAD_IMAGE, actor, Map.of("image_id", saving.id().value()), now))
			.block();
		jobs.add(jobId.value());
		return saving.id().value();
	}

	private void patch(String imageId, String operations) {
		this.tenant.http.patch()
			.uri("/v2/images/" + imageId)
			.header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.valueOf("application/openstack-images-v2.1-json-patch"))
			.bodyValue(operations)
			.exchange()
			.expectStatus().isOk();
	}

	private String deleteImage(String imageId) {
		return this.tenant.http.delete()
			.uri("/v2/images/" + imageId)
			.header("X-Auth-Token", this.tenant.token)
			.exchange()
			.expectStatus().isNoContent()
			.returnResult(Void.class).getResponseHeaders().getFirst("X-Job-Id");
	}

	@SuppressWarnings("unchecked")
	private String serverStatus(String id) {
		return this.tenant.http.get().uri(servers() + "/" + id).header("X-Auth-Token", this.tenant.token).exchange()
			.returnResult(Map.class).getStatus().value() == 404 ? "DELETED"
					: (String) ((Map<String, Object>) this.tenant.json(this.tenant.get(servers() + "/" + id),
							HttpStatus.OK).get("server")).get("status");
	}

	/** Status and name, or only "deleted" for an image the API no longer shows. */
	private String imageStatus(String id) {
		if (this.tenant.http.get().uri("/v2/images/" + id).header("X-Auth-Token", this.tenant.token).exchange()
			.returnResult(Map.class).getStatus().value() == 404) {
			return "deleted";
		}
		Map<String, Object> image = this.tenant.json(this.tenant.get("/v2/images/" + id), HttpStatus.OK);
		return image.get("status") + " " + image.get("name");
	}

	private String jobStatus(String id) {
		return (String) this.tenant.json(this.tenant.get("/v1/" + this.tenant.projectId + "/jobs/" + id), HttpStatus.OK)
			.get("status");
	}

	private String servers() {
		return "/v1/" + this.tenant.projectId + "/cloudservers";
	}

	/** The resources of the workload whose last event is not their state now: what the API says, and the event. */
	private Map<String, String> unsettled(EventLog log, Set<String> servers, Set<String> images, List<String> jobs) {
		Map<String, String> expected = new HashMap<>();
		servers.forEach((id) -> expected.put("server " + id, serverStatus(id)));
		images.forEach((id) -> expected.put("image " + id, imageStatus(id)));
		jobs.forEach((id) -> expected.put("job " + id, jobStatus(id)));
		Map<String, String> unsettled = new HashMap<>();
		expected.forEach((resource, state) -> {
			String last = log.last(resource);
			if (!last.equals(state) && !(state.equals("deleted") && last.startsWith("deleted "))) {
				unsettled.put(resource, "API: " + state + ", last event: " + last);
			}
		});
		return unsettled;
	}

}
