package cloud.ims.messaging.commands;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import cloud.ims.core.server.ServerId;
import cloud.ims.messaging.inflight.InFlightWork;
import cloud.ims.schemas.Topics;
import org.apache.kafka.common.TopicPartition;

/**
 * The ECSs a worker looked after when asked ({@link KafkaServerCommands#ownedBy}): those whose commands go to the
 * partitions its consumers owned, so that every ECS has one worker that checks it.
 */
public final class OwnedServers {

	private final InFlightWork work;

	private final Set<TopicPartition> partitions;

	private final int partitionCount;

	OwnedServers(InFlightWork work, Set<TopicPartition> partitions, int partitionCount) {
		this.work = work;
		this.partitions = partitions;
		this.partitionCount = partitionCount;
	}

	public boolean isEmpty() {
		return this.partitions.isEmpty();
	}

	public boolean contains(ServerId server) {
		return !isEmpty() && this.partitions.contains(partitionOf(server));
	}

	/**
	 * Runs work of the worker's own on the ECS, as work in flight under its key, so that it never races the ECS's
	 * commands ({@link InFlightWork#runIfIdle}); answers whether the work was taken.
	 */
	public boolean runIfIdle(ServerId server, Supplier<? extends CompletionStage<?>> work) {
		return !isEmpty() && this.work.runIfIdle(partitionOf(server), server.value(), work);
	}

	private TopicPartition partitionOf(ServerId server) {
		return new TopicPartition(Topics.SERVER_COMMANDS, server.partition(this.partitionCount));
	}

}
