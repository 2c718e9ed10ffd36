package cloud.ims.standalone.e2e;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.Ids;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.core.job.SubJob;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job whose command was recorded but never sent (the gateway stopped, or Kafka was down, right after it
 * answered 202) is still carried out: the outbox relay finds it and sends it.
 */
class OutboxRelayIT {

	private final Tenant tenant = Tenant.newProject();

	@Test
	void sendsTheCommandOfAnAcceptedJobThatWasNeverDispatched() {
		Jobs jobs = TestStack.get().stack().gateway().getBean(Jobs.class);
		JobId jobId = JobId.newId();
		String serverId = Ids.newId();
		Actor actor = new Actor(this.tenant.projectId, "alice", "req-relay");

		jobs.insert(Job.accepted(jobId, JobType.CREATE_SERVER, actor, Map.of(),
				List.of(SubJob.pending(Ids.newId(), JobType.CREATE_SINGLE_SERVER, Map.of("server_id", serverId))),
				new OutboxMessage(Topics.SERVER_COMMANDS, jobId.value(), MessageCodec.standard()
					.encode(CommandFixture.provisionOne(jobId, serverId, "relayed", this.tenant.baseImageId(), actor)), false),
				Instant.now()))
			.block();

		assertThat(this.tenant.awaitJob(jobId.value())).containsEntry("status", "SUCCESS");
		assertThat(jobs.find(jobId).block().awaitsDispatch()).isFalse();
		this.tenant.get("/v1/" + this.tenant.projectId + "/cloudservers/" + serverId).expectStatus().isOk()
			.expectBody().jsonPath("$.server.status").isEqualTo("ACTIVE");
	}

}
