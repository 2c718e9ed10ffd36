package cloud.ims.provisioning;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.job.JobId;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.ServerId;
import cloud.ims.messages.FlavorSpec;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.OperateServer;
import cloud.ims.messages.OperateServers;
import cloud.ims.messages.ProvisionServer;
import cloud.ims.messages.ProvisionServers;
import cloud.ims.messages.ServerOperation;
import cloud.ims.messaging.commands.KafkaServerCommands;
import cloud.ims.messaging.inflight.InFlightWork;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes server commands and returns at once: each command becomes work in flight ({@link InFlightWork}), keyed by
 * its record key, and its record is acknowledged once that work is done. A batch is fanned out into one command per
 * ECS, keyed by server id, so that every partition and every worker replica shares the work; each per-ECS command is
 * provisioned on its own. A command that cannot be mapped (an unknown operation or type) throws here, on the
 * consumer thread, and goes to the dead-letter topic at once.
 */
@Component
class ServerCommandsListener {

	static final String ID = "server-commands";

	private static final Duration FAN_OUT_TIMEOUT = Duration.ofSeconds(60);

	private final ServerProvisioning provisioning;

	private final SubJobs subJobs;

	private final ServerLifecycle lifecycle;

	private final KafkaServerCommands commands;

	private final InFlightWork work;

	private final StoreSteps steps;

	ServerCommandsListener(ServerProvisioning provisioning, SubJobs subJobs, ServerLifecycle lifecycle,
			KafkaServerCommands commands, InFlightWork work, StoreSteps steps) {
		this.provisioning = provisioning;
		this.subJobs = subJobs;
		this.lifecycle = lifecycle;
		this.commands = commands;
		this.work = work;
		this.steps = steps;
	}

	@KafkaListener(id = ID, topics = Topics.SERVER_COMMANDS, groupId = "provisioning-worker")
	void on(ConsumerRecord<String, SpecificRecord> record, Acknowledgment acknowledgment) {
		this.work.submit(record, acknowledgment, workOf(record.value()));
	}

	private Supplier<CompletableFuture<?>> workOf(SpecificRecord command) {
		if (command instanceof ProvisionServer provision) {
			return provision(provision);
		}
		if (command instanceof OperateServer operate) {
			return operate(operate);
		}
		if (command instanceof ProvisionServers batch) {
			return () -> this.steps.supply(() -> fanOut(batch)).thenCompose((sent) -> sent);
		}
		if (command instanceof OperateServers batch) {
			return () -> this.steps.supply(() -> fanOut(batch)).thenCompose((sent) -> sent);
		}
		throw new IllegalArgumentException("No handler for "
				+ ((command != null) ? command.getClass().getSimpleName() : "an empty command") + " on "
				+ Topics.SERVER_COMMANDS + "; this worker version does not know it");
	}

	private CompletableFuture<?> fanOut(ProvisionServers batch) {
		this.subJobs.start(new JobId(batch.getContext().getJobId()));
		return allSent(this.commands.send(batch.getServers().stream().map((server) -> ProvisionServer.newBuilder()
			.setContext(MessageContext.newBuilder(batch.getContext()).setMessageId(server.getServerId() + ":provision").build())
			.setServerId(server.getServerId())
			.setName(server.getName())
			.setSubJobIndex(server.getSubJobIndex())
			.setImageId(batch.getImageId())
			.setFlavor(batch.getFlavor())
			.setRootVolumeGb(batch.getRootVolumeGb())
			.setDescription(batch.getDescription())
			.setMetadata(batch.getMetadata())
			.build()).toList(), ProvisionServer::getServerId));
	}

	private CompletableFuture<?> fanOut(OperateServers batch) {
		this.subJobs.start(new JobId(batch.getContext().getJobId()));
		return allSent(this.commands.send(batch.getServers().stream().map((server) -> OperateServer.newBuilder()
			.setContext(MessageContext.newBuilder(batch.getContext())
				.setMessageId(server.getServerId() + ":" + batch.getOperation()).build())
			.setOperation(batch.getOperation())
			.setHard(batch.getHard())
			.setServerId(server.getServerId())
			.setSubJobIndex(server.getSubJobIndex())
			.build()).toList(), OperateServer::getServerId));
	}

	private Supplier<CompletableFuture<?>> operate(OperateServer command) {
		MessageContext context = command.getContext();
		OperationOrder order = new OperationOrder(new JobId(context.getJobId()), command.getSubJobIndex(),
				new ServerId(command.getServerId()), operation(command.getOperation()), command.getHard(),
				new Actor(context.getProjectId(), context.getUserId(), context.getCorrelationId()));
		return () -> this.lifecycle.operate(order);
	}

	private static OperationOrder.Operation operation(ServerOperation operation) {
		return switch (operation) {
			case START -> OperationOrder.Operation.START;
			case STOP -> OperationOrder.Operation.STOP;
			case REBOOT -> OperationOrder.Operation.REBOOT;
			case DELETE -> OperationOrder.Operation.DELETE;
			case UNKNOWN -> throw new IllegalArgumentException("Unknown server operation: a newer gateway sent it");
		};
	}

	/** The batch record is committed only once the broker has every per-ECS command. */
	private static CompletableFuture<?> allSent(CompletableFuture<?> sends) {
		return sends.orTimeout(FAN_OUT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	private Supplier<CompletableFuture<?>> provision(ProvisionServer command) {
		MessageContext context = command.getContext();
		FlavorSpec flavor = command.getFlavor();
		ServerOrder order = new ServerOrder(new JobId(context.getJobId()), command.getSubJobIndex(),
				new ServerId(command.getServerId()), command.getName(), new ImageId(command.getImageId()),
				new Flavor(flavor.getId(), flavor.getName(), flavor.getVcpus(), flavor.getRamMb(), flavor.getDiskGb()),
				command.getRootVolumeGb(), command.getMetadata(), command.getDescription(),
				new Actor(context.getProjectId(), context.getUserId(), context.getCorrelationId()));
		return () -> this.provisioning.provision(order);
	}

}
