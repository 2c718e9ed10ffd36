package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.Ids;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Image creation recovers from a gateway that stopped between two of its writes, as ECS creation does: a job recorded
 * without its image (the gateway records the job first) gets its image from the command, a web download the gateway
 * did not get to claim its image for is claimed by the worker, and no two jobs ever write one image's data.
 */
class ImageCreationRecoveryIT {

	@TempDir
	static Path sources;

	private static FileServer server;

	private final Tenant tenant = Tenant.newProject();

	private final Actor actor = new Actor(this.tenant.projectId, "alice-" + this.tenant.projectId, "req-recovery");

	@BeforeAll
	static void serveImages() throws IOException {
		server = FileServer.start().file("/disk.qcow2", new DiskImages(sources).qcow2());
	}

	@AfterAll
	static void stopServing() {
		server.close();
	}

	@Test
	void recordsTheImageOfAnImportWhoseGatewayStoppedBeforeIt() {
		String imageId = Ids.newId();
		JobId jobId = JobId.newId();
		String url = server.url("/disk.qcow2");
		reserveImageQuota();

		recordJob(jobId, JobType.IMPORT_IMAGE, Map.of("image_id", imageId), CommandFixture.importFromUrl(jobId, imageId,
				url, CommandFixture.newImage("imported-after-a-crash", "file," + url), this.actor));

		assertThat(this.tenant.awaitJob(jobId.value())).containsEntry("status", "SUCCESS");
		assertRecordedFromTheCommand(image(imageId), "imported-after-a-crash", "file," + url);
		assertThat(this.tenant.imageQuotaUsed()).as("the unit reserved before the job, not a second one").isEqualTo(1);
	}

	@Test
	void recordsTheImageOfACaptureWhoseGatewayStoppedBeforeIt() {
		String serverId = this.tenant.activeServer("captured-after-a-crash");
		String imageId = Ids.newId();
		JobId jobId = JobId.newId();
		reserveImageQuota();

		recordJob(jobId, JobType.CREATE_IMAGE_BY_INSTANCE, Map.of("image_id", imageId, "server_id", serverId),
				CommandFixture.capture(jobId, imageId, serverId,
						CommandFixture.newImage("captured-after-a-crash", "instance," + serverId), this.actor));

		assertThat(this.tenant.awaitJob(jobId.value())).containsEntry("status", "SUCCESS");
		assertRecordedFromTheCommand(image(imageId), "captured-after-a-crash", "instance," + serverId);
		assertThat(this.tenant.imageQuotaUsed()).isEqualTo(1);
	}

	@Test
	void claimsTheImageOfAWebDownloadWhoseGatewayStoppedBeforeClaimingIt() {
		String imageId = queuedGlanceImage();
		JobId jobId = JobId.newId();

		recordJob(jobId, JobType.IMPORT_IMAGE, Map.of("image_id", imageId),
				CommandFixture.importFromUrl(jobId, imageId, server.url("/disk.qcow2"), null, this.actor));

		assertThat(this.tenant.awaitJob(jobId.value())).containsEntry("status", "SUCCESS");
		assertThat(image(imageId)).containsEntry("status", "active").containsEntry("name", "waiting");
		assertThat(images().find(new ImageId(imageId)).block().jobId()).isEqualTo(jobId.value());
	}

	@Test
	void refusesASecondJobForTheDataOfAnImageAnotherJobClaimed() {
		String imageId = queuedGlanceImage();
		String claimant = JobId.newId().value();
		images().update(new ImageId(imageId), (image) -> image.assignJob(claimant, Instant.now()), this.actor).block();

		Map<String, Object> refused = this.tenant.json(this.tenant.post("/v2/images/" + imageId + "/import",
				"{\"method\":{\"name\":\"web-download\",\"uri\":\"" + server.url("/disk.qcow2") + "\"}}"),
				HttpStatus.CONFLICT);
		JobId late = JobId.newId();
		recordJob(late, JobType.IMPORT_IMAGE, Map.of("image_id", imageId),
				CommandFixture.importFromUrl(late, imageId, server.url("/disk.qcow2"), null, this.actor));

		assertThat(refused.toString()).contains("IMG.0092");
		assertThat(this.tenant.awaitJob(late.value())).containsEntry("status", "FAIL").containsEntry("error_code",
				"IMG.0092");
		Image unchanged = images().find(new ImageId(imageId)).block();
		assertThat(unchanged.status().wireName()).isEqualTo("queued");
		assertThat(unchanged.jobId()).isEqualTo(claimant);
	}

	private void recordJob(JobId jobId, JobType type, Map<String, String> entities, SpecificRecord command) {
		TestStack.get().stack().gateway().getBean(Jobs.class)
			.insert(Job.accepted(jobId, type, this.actor, entities, List.of(), new OutboxMessage(Topics.IMAGE_COMMANDS,
					entities.get("image_id"), MessageCodec.standard().encode(command), false), Instant.now()))
			.block();
	}

	/** As the gateway does before it records the job of a new image. */
	private void reserveImageQuota() {
		TestStack.get().stack().gateway().getBean(ProjectQuotas.class)
			.update(this.tenant.projectId, (quota) -> Optional.of(quota.reserveImage(100)))
			.block();
	}

	private static void assertRecordedFromTheCommand(Map<String, Object> image, String name, String dataOrigin) {
		assertThat(image).containsEntry("status", "active")
			.containsEntry("name", name)
			.containsEntry("visibility", "private")
			.containsEntry("tags", List.of("recovered.yes"))
			.containsEntry("min_disk", 3)
			.containsEntry("min_ram", 512)
			.containsEntry("__os_version", "Ubuntu 22.04 server 64bit")
			.containsEntry("__platform", "Ubuntu")
			.containsEntry("__description", "recorded by the worker")
			.containsEntry("__data_origin", dataOrigin);
	}

	private String queuedGlanceImage() {
		return (String) this.tenant.json(this.tenant.post("/v2/images", "{\"name\":\"waiting\",\"disk_format\":\"qcow2\","
				+ "\"container_format\":\"bare\"}"), HttpStatus.CREATED).get("id");
	}

	private Map<String, Object> image(String imageId) {
		return this.tenant.json(this.tenant.get("/v2/images/" + imageId), HttpStatus.OK);
	}

	private static Images images() {
		return TestStack.get().stack().gateway().getBean(Images.class);
	}

}
