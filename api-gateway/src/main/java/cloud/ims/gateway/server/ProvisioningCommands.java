package cloud.ims.gateway.server;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import cloud.ims.core.common.Actor;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.Server;
import cloud.ims.messages.FlavorSpec;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.ProvisionServers;
import cloud.ims.messages.ServerToProvision;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.Topics;

/**
 * Turns an accepted batch into its Avro command, ready for the job's outbox. The batch is keyed by job id;
 * the provisioning-worker fans it out into one command per ECS keyed by server id.
 */
final class ProvisioningCommands {

	private ProvisioningCommands() {
	}

	static OutboxMessage provisionBatch(JobId jobId, Actor actor, List<Server> servers, Instant at) {
		Server first = servers.get(0);
		Flavor flavor = first.flavor();
		ProvisionServers command = ProvisionServers.newBuilder()
			.setContext(context(jobId, actor, at))
			.setImageId(first.imageId().value())
			.setFlavor(FlavorSpec.newBuilder()
				.setId(flavor.id())
				.setName(flavor.name())
				.setVcpus(flavor.vcpus())
				.setRamMb(flavor.ramMb())
				.setDiskGb(flavor.diskGb())
				.build())
			.setRootVolumeGb(first.rootVolumeGb())
			.setDescription(first.description())
			.setMetadata(first.metadata())
			.setServers(IntStream.range(0, servers.size()).mapToObj((index) -> ServerToProvision.newBuilder()
				.setServerId(servers.get(index).id().value())
				.setName(servers.get(index).name())
				.setSubJobIndex(index)
				.build()).toList())
			.build();
		return new OutboxMessage(Topics.SERVER_COMMANDS, jobId.value(), MessageCodec.standard().encode(command), false);
	}

	static MessageContext context(JobId jobId, Actor actor, Instant at) {
		return MessageContext.newBuilder()
			.setMessageId(UUID.randomUUID().toString())
			.setJobId(jobId.value())
			.setOccurredAt(at)
			.setCorrelationId(actor.correlationId())
			.setProjectId(actor.projectId())
			.setUserId(actor.userId())
			.build();
	}

}
