package cloud.ims.standalone.e2e;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import cloud.ims.core.common.Actor;
import cloud.ims.core.job.JobId;
import cloud.ims.messages.FlavorSpec;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.ProvisionServers;
import cloud.ims.messages.ServerToProvision;

/**
 * Commands as the gateway records them, for tests that play a gateway which stopped at an awkward moment.
 */
final class CommandFixture {

	private CommandFixture() {
	}

	/** A batch of one small ECS from the given image. */
	static ProvisionServers provisionOne(JobId jobId, String serverId, String name, String imageId, Actor actor) {
		return ProvisionServers.newBuilder()
			.setContext(MessageContext.newBuilder()
				.setMessageId(UUID.randomUUID().toString())
				.setJobId(jobId.value())
				.setOccurredAt(Instant.now())
				.setCorrelationId(actor.correlationId())
				.setProjectId(actor.projectId())
				.setUserId(actor.userId())
				.build())
			.setImageId(imageId)
			.setFlavor(FlavorSpec.newBuilder().setId("s6.small.1").setName("s6.small.1").setVcpus(1).setRamMb(1024)
				.setDiskGb(10).build())
			.setRootVolumeGb(10)
			.setServers(List.of(ServerToProvision.newBuilder().setServerId(serverId).setName(name).setSubJobIndex(0)
				.build()))
			.build();
	}

}
