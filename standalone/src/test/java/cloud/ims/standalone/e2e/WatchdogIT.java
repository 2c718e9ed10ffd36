package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.Ids;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.Servers;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No job stays open forever: a job whose command was lost is resumed, and one that cannot progress ends in FAIL with
 * what it was making settled.
 */
class WatchdogIT {

	private final Tenant tenant = Tenant.newProject();

	private final Jobs jobs = TestStack.get().stack().gateway().getBean(Jobs.class);

	@Test
	void resumesAJobWhoseCommandWasLost() {
		JobId jobId = JobId.newId();
		String serverId = Ids.newId();
		Actor actor = new Actor(this.tenant.projectId, "alice", "req-lost");
		Job lost = Job.accepted(jobId, JobType.CREATE_SERVER, actor, Map.of(),
				List.of(SubJob.pending(Ids.newId(), JobType.CREATE_SINGLE_SERVER, Map.of("server_id", serverId))),
				new OutboxMessage(Topics.SERVER_COMMANDS, jobId.value(),
						MessageCodec.standard().encode(CommandFixture.provisionOne(jobId, serverId, "resumed",
								this.tenant.baseImageId(), actor)), false),
				Instant.now()).dispatched().orElseThrow();

		this.jobs.insert(lost).block();

		assertThat(this.tenant.awaitJob(jobId.value())).containsEntry("status", "SUCCESS");
		assertThat(this.jobs.find(jobId).block().resumes()).isEqualTo(1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void endsAJobThatCannotProgressAndSettlesWhatItWasMaking() {
		JobId jobId = JobId.newId();
		Actor actor = new Actor(this.tenant.projectId, "alice", "req-stuck");
		Server building = TestStack.get().stack().gateway().getBean(Servers.class).insertIfAbsent(Server.building(
				ServerId.newId(), "stuck", this.tenant.projectId, "alice", new ImageId(this.tenant.baseImageId()),
				new Flavor("s6.small.1", "s6.small.1", 1, 1024, 10), 10, Map.of(), null, jobId.value(), Instant.now()),
				actor)
			.block();
		Job stuck = Job.accepted(jobId, JobType.CREATE_SERVER, actor, Map.of(),
				List.of(SubJob.pending(Ids.newId(), JobType.CREATE_SINGLE_SERVER,
						Map.of("server_id", building.id().value()))),
				new OutboxMessage(Topics.SERVER_COMMANDS, jobId.value(), new byte[] { 1, 2, 3 }, true), Instant.now());

		this.jobs.insert(stuck).block();

		Map<String, Object> job = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
			.until(() -> this.tenant.json(this.tenant.get("/v1/" + this.tenant.projectId + "/jobs/" + jobId), HttpStatus.OK),
					(current) -> "FAIL".equals(current.get("status")));
		assertThat(job).containsEntry("error_code", "IMS.0408");
		assertThat((String) job.get("fail_reason")).contains("no progress");
		assertThat(EcsBatchIT.subJobs(job)).allSatisfy((subJob) -> assertThat(subJob).containsEntry("status", "FAIL"));
		Map<String, Object> server = (Map<String, Object>) this.tenant
			.json(this.tenant.get("/v1/" + this.tenant.projectId + "/cloudservers/" + building.id()), HttpStatus.OK)
			.get("server");
		assertThat(server).containsEntry("status", "ERROR");
	}

	@Test
	void killsAnImageWhoseUploadStopped() {
		JobId jobId = JobId.newId();
		Actor actor = new Actor(this.tenant.projectId, "alice", "req-upload");
		Instant now = Instant.now();
		Image saving = ImageFixture.store(new Image(ImageId.newId(), "half-uploaded", ImageStatus.SAVING,
				Visibility.PRIVATE, this.tenant.projectId, false, List.of(), "bare", 1, 0, null, null, "Linux", null, null,
				"64", null, "upload", Map.of(), jobId.value(), now, now, 0));

		this.jobs.insert(Job.awaitingCommand(jobId, JobType.UPLOAD_IMAGE, actor, Map.of("image_id", saving.id().value()),
				now)).block();

		assertThat(await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
			.until(() -> this.tenant.json(this.tenant.get("/v1/" + this.tenant.projectId + "/jobs/" + jobId), HttpStatus.OK),
					(current) -> "FAIL".equals(current.get("status"))))
			.containsEntry("error_code", "IMS.0408");
		this.tenant.get("/v2/images/" + saving.id()).expectStatus().isOk().expectBody().jsonPath("$.status")
			.isEqualTo("killed");
	}

}
