package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.ServerId;
import cloud.ims.messages.FlavorSpec;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.ProvisionServer;
import cloud.ims.messages.ProvisionServers;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Consumes server commands. A batch is fanned out into one command per ECS, keyed by server id, so that every
 * partition and every worker replica shares the work; each per-ECS command is provisioned on its own.
 */
@Component
@KafkaListener(id = "server-commands", topics = Topics.SERVER_COMMANDS, groupId = "provisioning-worker")
class ServerCommandsListener {

	private static final Duration FAN_OUT_TIMEOUT = Duration.ofSeconds(60);

	private final Jobs jobs;

	private final ServerProvisioning provisioning;

	private final BatchProgress progress;

	private final KafkaTemplate<String, SpecificRecord> kafka;

	private final Clock clock;

	ServerCommandsListener(Jobs jobs, ServerProvisioning provisioning, BatchProgress progress,
			KafkaTemplate<String, SpecificRecord> kafka, Clock clock) {
		this.jobs = jobs;
		this.provisioning = provisioning;
		this.progress = progress;
		this.kafka = kafka;
		this.clock = clock;
	}

	@KafkaHandler
	void on(ProvisionServers batch) throws Exception {
		Job job = this.jobs.update(new JobId(batch.getContext().getJobId()), (current) -> current.start(this.clock.instant()))
			.block(FAN_OUT_TIMEOUT);
		if (job == null) {
			throw new IllegalArgumentException("Job " + batch.getContext().getJobId() + " of a batch does not exist");
		}
		this.progress.started(job);
		List<CompletableFuture<?>> sends = batch.getServers().stream().map((server) -> this.kafka.send(
				Topics.SERVER_COMMANDS, server.getServerId(),
				ProvisionServer.newBuilder()
					.setContext(MessageContext.newBuilder(batch.getContext()).setMessageId(server.getServerId() + ":provision").build())
					.setServerId(server.getServerId())
					.setName(server.getName())
					.setSubJobIndex(server.getSubJobIndex())
					.setImageId(batch.getImageId())
					.setFlavor(batch.getFlavor())
					.setRootVolumeGb(batch.getRootVolumeGb())
					.setDescription(batch.getDescription())
					.setMetadata(batch.getMetadata())
					.build()))
			.<CompletableFuture<?>>map((send) -> send)
			.toList();
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(FAN_OUT_TIMEOUT.toSeconds(),
				java.util.concurrent.TimeUnit.SECONDS);
	}

	@KafkaHandler
	void on(ProvisionServer command) {
		MessageContext context = command.getContext();
		FlavorSpec flavor = command.getFlavor();
		this.provisioning.provision(new ServerOrder(new JobId(context.getJobId()), command.getSubJobIndex(),
				new ServerId(command.getServerId()), command.getName(), new ImageId(command.getImageId()),
				new Flavor(flavor.getId(), flavor.getName(), flavor.getVcpus(), flavor.getRamMb(), flavor.getDiskGb()),
				command.getRootVolumeGb(), command.getMetadata(), command.getDescription(),
				new Actor(context.getProjectId(), context.getUserId(), context.getCorrelationId())));
	}

	@KafkaHandler(isDefault = true)
	void unknown(Object command) {
		throw new IllegalArgumentException("No handler for " + command.getClass().getSimpleName() + " on "
				+ Topics.SERVER_COMMANDS + "; this worker version does not know it");
	}

}
