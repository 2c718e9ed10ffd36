package cloud.ims.messaging.commands;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import cloud.ims.core.server.ServerId;
import cloud.ims.messaging.inflight.InFlightWork;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;

/**
 * The server commands topic as a worker sees it. Every command about one ECS goes to the partition of its id, so
 * that they stay in order; the ids of a batch spread evenly over the partitions ({@link ServerId#newBatch}), and so
 * over the consumers and the workers. By the same partitioning, the worker whose consumers own an ECS's partition is
 * the one that looks after that ECS.
 */
public final class KafkaServerCommands {

	private final KafkaOperations<String, SpecificRecord> kafka;

	KafkaServerCommands(KafkaOperations<String, SpecificRecord> kafka) {
		this.kafka = kafka;
	}

	/** Sends each command, keyed by its ECS's id, to that ECS's partition; completes once the broker has them all. */
	public <C extends SpecificRecord> CompletableFuture<Void> send(List<C> commands, Function<C, String> serverIdOf) {
		int partitions = partitions();
		return CompletableFuture.allOf(commands.stream().map((command) -> {
			String serverId = serverIdOf.apply(command);
			return this.kafka.send(Topics.SERVER_COMMANDS, new ServerId(serverId).partition(partitions), serverId,
					command);
		}).toArray(CompletableFuture[]::new));
	}

	/** The ECSs whose partitions the consumers of that work own now. */
	public OwnedServers ownedBy(InFlightWork work) {
		Set<TopicPartition> assigned = work.assigned();
		return new OwnedServers(work, assigned, assigned.isEmpty() ? 0 : partitions());
	}

	private int partitions() {
		return this.kafka.partitionsFor(Topics.SERVER_COMMANDS).size();
	}

}
