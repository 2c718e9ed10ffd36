package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.Ids;
import cloud.ims.core.image.Image;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.messages.CopyImage;
import cloud.ims.messages.MessageContext;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cloud.ims.standalone.e2e.ImportedImages.entities;
import static cloud.ims.standalone.e2e.ImportedImages.images;
import static cloud.ims.standalone.e2e.ImportedImages.storedFile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Huawei's CopyImageInRegion, end to end: a copy is a new private image with its own id, name and metadata whose data
 * is the source's stored file itself (one file, two names), counted against the image quota; either image may be
 * deleted first, the other keeps working, and the file goes with the last. Refused copies change nothing.
 */
class ImageCopyIT {

	@TempDir
	static Path directory;

	private static ImportedImages imported;

	private final Tenant tenant = Tenant.newProject();

	@BeforeAll
	static void serveImages() {
		imported = new ImportedImages(directory);
	}

	@AfterAll
	static void stopServing() {
		imported.close();
	}

	@Test
	void copySharesTheSourcesFileHasItsOwnMetadataAndOutlivesTheSource() throws IOException {
		String source = imported.activeImage(this.tenant, "golden");
		int quotaBefore = this.tenant.imageQuotaUsed();

		Map<String, Object> job = this.tenant.awaitJob(copy(source, """
				{"name":"golden-copy","description":"for the web tier","enterprise_project_id":"0"}"""));

		assertThat(job).as("job %s", job).containsEntry("status", "SUCCESS").containsEntry("job_type", "imsCopyImageJob");
		String copy = (String) entities(job).get("image_id");
		Map<String, Object> original = image(source);
		Map<String, Object> copied = image(copy);
		assertThat(copy).isNotEqualTo(source);
		assertThat(copied).containsEntry("name", "golden-copy")
			.containsEntry("__description", "for the web tier")
			.containsEntry("status", "active")
			.containsEntry("visibility", "private")
			.containsEntry("owner", this.tenant.projectId)
			.containsEntry("protected", false)
			.containsEntry("__data_origin", "image," + source);
		for (String same : List.of("checksum", "os_hash_value", "size", "virtual_size", "disk_format", "min_disk",
				"__os_type")) {
			assertThat(copied.get(same)).as(same).isEqualTo(original.get(same));
		}
		assertThat(Files.isSameFile(storedFile(copy), storedFile(source))).as("one file").isTrue();
		assertThat(Files.getAttribute(storedFile(copy), "unix:nlink")).isEqualTo(2);
		assertThat(this.tenant.imageQuotaUsed()).isEqualTo(quotaBefore + 1);

		patchName(copy, "renamed-copy");
		assertThat(image(copy)).containsEntry("name", "renamed-copy");
		assertThat(image(source)).containsEntry("name", "golden");

		Object inode = Files.getAttribute(storedFile(source), "unix:ino");
		delete(source);
		assertThat(storedFile(source)).doesNotExist();
		assertThat(storedFile(copy)).exists();
		assertThat(ImportedImages.body(this.tenant.get("/v2/images/" + copy + "/file")))
			.isEqualTo(Files.readAllBytes(storedFile(copy)));
		Map<String, Object> servers = this.tenant.createServers(copy, "from-copy", 1);
		assertThat(this.tenant.awaitJob((String) servers.get("job_id"))).containsEntry("status", "SUCCESS");

		delete(copy);
		assertThat(storedFile(copy)).doesNotExist();
		assertThat(filesWithInode(TestStack.get().dataDir().resolve("images"), inode)).as("the shared file").isEmpty();
		assertThat(this.tenant.imageQuotaUsed()).isEqualTo(quotaBefore - 1);
	}

	@Test
	void deletingTheCopyFirstLeavesTheSourceItsFile() throws IOException {
		String source = imported.activeImage(this.tenant, "kept");
		byte[] bytes = Files.readAllBytes(storedFile(source));
		String copy = (String) entities(this.tenant.awaitJob(copy(source, "{\"name\":\"short-lived\"}")))
			.get("image_id");
		assertThat(image(copy)).containsEntry("status", "active").containsEntry("__description", null);

		delete(copy);

		assertThat(storedFile(copy)).doesNotExist();
		assertThat(Files.readAllBytes(storedFile(source))).isEqualTo(bytes);
		assertThat(Files.getAttribute(storedFile(source), "unix:nlink")).isEqualTo(1);
	}

	@Test
	void aCopyRacingTheDeletionOfItsSourceEitherHasTheDataOrFailsLeavingNothing() {
		for (int round = 0; round < 3; round++) {
			String source = imported.activeImage(this.tenant, "racing-" + round);
			String jobId = copy(source, "{\"name\":\"racer-" + round + "\"}");
			this.tenant.http.delete().uri("/v2/images/" + source).header("X-Auth-Token", this.tenant.token)
				.exchange().expectStatus().isNoContent();

			Map<String, Object> job = this.tenant.awaitJob(jobId);

			String copy = (String) entities(job).get("image_id");
			if ("SUCCESS".equals(job.get("status"))) {
				assertThat(image(copy)).containsEntry("status", "active");
				assertThat(storedFile(copy)).exists();
			}
			else {
				assertThat(job).containsEntry("error_code", "IMG.0613");
				assertThat(image(copy)).containsEntry("status", "killed");
				assertThat(storedFile(copy)).doesNotExist();
			}
		}
	}

	@Test
	void recordsTheCopyOfAJobWhoseGatewayStoppedBeforeTheImage() throws IOException {
		String source = imported.activeImage(this.tenant, "recovered-source");
		int quotaBefore = this.tenant.imageQuotaUsed();
		String copy = Ids.newId();
		JobId jobId = JobId.newId();
		Actor actor = new Actor(this.tenant.projectId, "alice-" + this.tenant.projectId, "req-copy-recovery");
		// What the gateway did before it stopped: the quota unit, then the job with its command.
		TestStack.get().stack().gateway().getBean(ProjectQuotas.class)
			.update(this.tenant.projectId, (quota) -> Optional.of(quota.reserveImage(100))).block();
		CopyImage command = CopyImage.newBuilder()
			.setContext(MessageContext.newBuilder().setMessageId(Ids.newId()).setJobId(jobId.value())
				.setOccurredAt(Instant.now()).setCorrelationId(actor.correlationId())
				.setProjectId(actor.projectId()).setUserId(actor.userId()).build())
			.setImageId(copy)
			.setSourceImageId(source)
			.setImage(CommandFixture.newImage("copied-after-a-crash", "image," + source))
			.build();
		TestStack.get().stack().gateway().getBean(Jobs.class)
			.insert(Job.accepted(jobId, JobType.COPY_IMAGE, actor, Map.of("image_id", copy), List.of(),
					new OutboxMessage(Topics.IMAGE_COMMANDS, copy, MessageCodec.standard().encode(command), false),
					Instant.now()))
			.block();

		assertThat(this.tenant.awaitJob(jobId.value())).containsEntry("status", "SUCCESS");
		assertThat(image(copy)).containsEntry("status", "active")
			.containsEntry("name", "copied-after-a-crash")
			.containsEntry("__description", "recorded by the worker")
			.containsEntry("checksum", image(source).get("checksum"));
		assertThat(Files.isSameFile(storedFile(copy), storedFile(source))).isTrue();
		assertThat(this.tenant.imageQuotaUsed()).as("the unit reserved before the job, not a second one")
			.isEqualTo(quotaBefore + 1);
	}

	@Test
	void refusesCopiesOfOthersImagesOfImagesNotActiveAndBeyondTheQuotaChangingNothing() {
		String source = imported.activeImage(this.tenant, "refusals");
		Image gold = ImageFixture.anActivePublicImage("gold-" + this.tenant.projectId);
		String queued = (String) this.tenant.json(this.tenant.post("/v2/images", "{\"name\":\"empty\"}"),
				HttpStatus.CREATED).get("id");
		List<Object> before = ids();
		int quotaBefore = this.tenant.imageQuotaUsed();

		IsolationIT.assertError(this.tenant.post(copyPath(gold.id().value()), "{\"name\":\"mine-now\"}"),
				HttpStatus.FORBIDDEN, "IMG.0612");
		IsolationIT.assertError(this.tenant.post(copyPath(queued), "{\"name\":\"of-nothing\"}"), HttpStatus.CONFLICT,
				"IMG.0611");
		IsolationIT.assertError(this.tenant.post(copyPath(source), "{\"name\":\"sealed\",\"cmk_id\":\"key-1\"}"),
				HttpStatus.BAD_REQUEST, "IMG.0009");
		IsolationIT.assertError(this.tenant.post(copyPath(source), "{\"name\":\" bad name\"}"),
				HttpStatus.BAD_REQUEST, "IMG.0001");
		IsolationIT.assertError(this.tenant.post(copyPath(source), "{\"name\":\"x\",\"colour\":\"red\"}"),
				HttpStatus.BAD_REQUEST, "IMG.0001");
		IsolationIT.assertError(this.tenant.post(copyPath(ImageFixture
			.anActivePrivateImage(Tenant.newProject().projectId, "theirs").id().value()), "{\"name\":\"x\"}"),
				HttpStatus.NOT_FOUND, "IMG.0027");
		setImageQuota(quotaBefore);
		IsolationIT.assertError(this.tenant.post(copyPath(source), "{\"name\":\"one-too-many\"}"),
				HttpStatus.TOO_MANY_REQUESTS, "IMG.0429");

		assertThat(ids()).isEqualTo(before);
		assertThat(this.tenant.imageQuotaUsed()).isEqualTo(quotaBefore);
		assertThat(this.tenant.json(this.tenant.get("/v1/" + this.tenant.projectId + "/jobs?job_type=imsCopyImageJob"),
				HttpStatus.OK)).containsEntry("jobs", List.of());
	}

	private String copy(String source, String body) {
		return (String) this.tenant.json(this.tenant.post(copyPath(source), body), HttpStatus.ACCEPTED).get("job_id");
	}

	private static String copyPath(String source) {
		return "/v1/cloudimages/" + source + "/copy";
	}

	private Map<String, Object> image(String id) {
		return this.tenant.json(this.tenant.get("/v2/images/" + id), HttpStatus.OK);
	}

	private List<Object> ids() {
		return images(this.tenant.json(this.tenant.get("/v2/cloudimages?__imagetype=private&sort_key=id"),
				HttpStatus.OK)).stream().map((image) -> image.get("id")).toList();
	}

	private void patchName(String id, String name) {
		this.tenant.http.patch().uri("/v2/cloudimages/" + id).header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"" + name + "\"}]")
			.exchange().expectStatus().isOk();
	}

	/** Deletes the image and waits for the job that removes its data. */
	private void delete(String id) {
		WebTestClient.ResponseSpec deleted = this.tenant.http.delete().uri("/v2/images/" + id)
			.header("X-Auth-Token", this.tenant.token).exchange().expectStatus().isNoContent();
		String jobId = deleted.returnResult(Void.class).getResponseHeaders().getFirst("X-Job-Id");
		assertThat(this.tenant.awaitJob(jobId)).containsEntry("status", "SUCCESS");
	}

	private void setImageQuota(int images) {
		Tenant admin = Tenant.newProject(true);
		admin.http.put().uri("/v1/admin/quotas/" + this.tenant.projectId).header("X-Auth-Token", admin.token)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"images\":" + images + "}").exchange()
			.expectStatus().isOk();
	}

	private static List<Path> filesWithInode(Path root, Object inode) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(Files::isRegularFile).filter((file) -> {
				try {
					return inode.equals(Files.getAttribute(file, "unix:ino"));
				}
				catch (IOException gone) {
					return false;
				}
			}).toList();
		}
	}

}
