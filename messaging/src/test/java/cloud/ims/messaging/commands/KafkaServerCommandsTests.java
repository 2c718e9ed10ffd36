package cloud.ims.messaging.commands;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

import cloud.ims.core.server.ServerId;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.OperateServer;
import cloud.ims.messages.ServerOperation;
import cloud.ims.messaging.inflight.Backpressure;
import cloud.ims.messaging.inflight.InFlightWork;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class KafkaServerCommandsTests {

	private static final int PARTITIONS = 4;

	private final MockProducer<String, SpecificRecord> producer = producer();

	private final KafkaServerCommands commands = new KafkaServerCommands(
			new KafkaTemplate<>(new MockProducerFactory<>(() -> this.producer)));

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final InFlightWork work = new InFlightWork(InFlightWork.Limits.of(4), new Backpressure() {

		@Override
		public void pause() {
		}

		@Override
		public void resume() {
		}

	}, new FixedBackOff(0, 0), (failure) -> false, (record, failure) -> {
	}, this.scheduler);

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void sendsEachCommandKeyedByItsServerToThePartitionOfThatServer() {
		ServerId first = withSlot(1);
		ServerId second = withSlot(6);

		this.commands.send(List.of(stop(first), stop(second)), OperateServer::getServerId).join();

		assertThat(this.producer.history()).extracting(ProducerRecord::topic, ProducerRecord::key,
				ProducerRecord::partition)
			.containsExactly(tuple(Topics.SERVER_COMMANDS, first.value(), 1),
					tuple(Topics.SERVER_COMMANDS, second.value(), 2));
	}

	@Test
	void ownsTheServersOfTheAssignedPartitionsOnly() {
		this.work.assign(List.of(new TopicPartition(Topics.SERVER_COMMANDS, 1)));

		OwnedServers owned = this.commands.ownedBy(this.work);

		assertThat(owned.isEmpty()).isFalse();
		assertThat(owned.contains(withSlot(5))).isTrue();
		assertThat(owned.contains(withSlot(2))).isFalse();
	}

	@Test
	void runsWorkOnOwnedServersOnly() {
		this.work.assign(List.of(new TopicPartition(Topics.SERVER_COMMANDS, 1)));
		OwnedServers owned = this.commands.ownedBy(this.work);
		List<ServerId> ran = new ArrayList<>();

		assertThat(owned.runIfIdle(withSlot(1), () -> {
			ran.add(withSlot(1));
			return CompletableFuture.completedFuture(null);
		})).isTrue();
		assertThat(owned.runIfIdle(withSlot(2), () -> {
			ran.add(withSlot(2));
			return CompletableFuture.completedFuture(null);
		})).isFalse();
		assertThat(ran).containsExactly(withSlot(1));
	}

	@Test
	void ownsNoServerBeforeAPartitionIsAssigned() {
		OwnedServers owned = this.commands.ownedBy(this.work);

		assertThat(owned.isEmpty()).isTrue();
		assertThat(owned.contains(withSlot(0))).isFalse();
		assertThat(owned.runIfIdle(withSlot(0), () -> CompletableFuture.completedFuture(null))).isFalse();
	}

	private static ServerId withSlot(int slot) {
		return new ServerId("00000000-0000-4000-8000-00000000%04x".formatted(slot));
	}

	private static OperateServer stop(ServerId server) {
		return OperateServer.newBuilder()
			.setContext(MessageContext.newBuilder()
				.setMessageId(server.value() + ":STOP")
				.setJobId("job-1")
				.setOccurredAt(Instant.parse("2026-01-01T00:00:00Z"))
				.setCorrelationId("req-1")
				.setProjectId("p1")
				.setUserId("alice")
				.build())
			.setOperation(ServerOperation.STOP)
			.setServerId(server.value())
			.setSubJobIndex(0)
			.build();
	}

	/** A producer of a cluster whose server commands have four partitions, that keeps its history when closed. */
	private static MockProducer<String, SpecificRecord> producer() {
		Node node = new Node(0, "localhost", 9092);
		List<PartitionInfo> partitions = IntStream.range(0, PARTITIONS)
			.mapToObj((partition) -> new PartitionInfo(Topics.SERVER_COMMANDS, partition, node, new Node[] { node },
					new Node[] { node }))
			.toList();
		Cluster cluster = new Cluster("ims", List.of(node), partitions, Set.of(), Set.of());
		return new MockProducer<>(cluster, true, null, new StringSerializer(), (topic, command) -> new byte[0]) {

			@Override
			public void close() {
			}

			@Override
			public void close(Duration timeout) {
			}

		};
	}

}
