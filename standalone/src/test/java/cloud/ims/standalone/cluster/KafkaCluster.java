package cloud.ims.standalone.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import cloud.ims.standalone.infrastructure.LoopbackPorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * Three Kafka nodes on the loopback interface, each a broker and a controller of one KRaft quorum in a JVM of its
 * own ({@link KafkaClusterNode}), with topics of three replicas that need two in sync. A node can be killed with
 * SIGKILL, as a crashed machine would go, and started again on its log. Node ids are 1, 2 and 3.
 */
final class KafkaCluster implements AutoCloseable {

	static final int SIZE = 3;

	private static final Path LOGS = Path.of("target/kafka-cluster");

	private final Path directory;

	private final String clusterId = Uuid.randomUuid().toString();

	private final int[] ports = LoopbackPorts.free(2 * SIZE);

	private final Map<Integer, Process> nodes = new HashMap<>();

	private @Nullable Admin admin;

	private KafkaCluster(Path directory) {
		this.directory = directory;
	}

	/** Starts the three nodes and returns once every one is a registered broker. */
	static KafkaCluster start(Path directory) {
		KafkaCluster cluster = new KafkaCluster(directory);
		try {
			nodeIds().forEach(cluster::launch);
			cluster.awaitListening(Duration.ofSeconds(120));
			cluster.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
					AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
					10000));
			cluster.awaitHealthy(Duration.ofSeconds(120));
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	static List<Integer> nodeIds() {
		return IntStream.rangeClosed(1, SIZE).boxed().toList();
	}

	String bootstrapServers() {
		return nodeIds().stream().map((id) -> "127.0.0.1:" + brokerPort(id)).collect(Collectors.joining(","));
	}

	Admin admin() {
		return Objects.requireNonNull(this.admin, "the cluster is starting");
	}

	/** SIGKILL: the node writes nothing more, and its connections drop at once. */
	void kill(int nodeId) {
		Process node = this.nodes.remove(nodeId);
		node.destroyForcibly();
		try {
			if (!node.waitFor(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Kafka node " + nodeId + " still runs after SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts again every node that was killed, on its own log, and returns once all three are registered brokers and
	 * every partition of every topic has all its replicas in sync.
	 */
	void restoreAll(Duration atMost) {
		nodeIds().stream().filter((id) -> !this.nodes.containsKey(id)).forEach(this::launch);
		awaitListening(atMost);
		awaitHealthy(atMost);
	}

	/** The active controller of the quorum. */
	int activeController() throws ExecutionException, InterruptedException {
		return admin().describeMetadataQuorum().quorumInfo().get().leaderId();
	}

	/** The broker that coordinates a consumer group: its offsets and its members' heartbeats. */
	int coordinator(String group) throws ExecutionException, InterruptedException {
		return admin().describeConsumerGroups(List.of(group)).all().get().get(group).coordinator().id();
	}

	/** Before clients connect, so that they do not fill the log with refused connections meanwhile. */
	private void awaitListening(Duration atMost) {
		awaitWhileAlive(atMost).until(() -> nodeIds().stream().allMatch((id) -> accepts(brokerPort(id))));
	}

	private void awaitHealthy(Duration atMost) {
		awaitWhileAlive(atMost).until(() -> admin().describeCluster().nodes().get().size() == SIZE
				&& underReplicated().isEmpty());
	}

	private ConditionFactory awaitWhileAlive(Duration atMost) {
		return await().atMost(atMost)
			.pollInterval(Duration.ofMillis(250))
			.failFast("a Kafka node exited, see " + LOGS,
					() -> this.nodes.values().stream().anyMatch((node) -> !node.isAlive()))
			.ignoreExceptions();
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The partitions that have fewer replicas in sync than assigned. */
	List<TopicPartition> underReplicated() throws ExecutionException, InterruptedException {
		Set<String> topics = admin().listTopics(new ListTopicsOptions().listInternal(true)).names().get();
		List<TopicPartition> under = new ArrayList<>();
		describe(topics).forEach((topic, description) -> description.partitions()
			.stream()
			.filter((partition) -> partition.isr().size() < partition.replicas().size())
			.forEach((partition) -> under.add(new TopicPartition(topic, partition.partition()))));
		return under;
	}

	Map<String, TopicDescription> describe(Collection<String> topics) throws ExecutionException, InterruptedException {
		return admin().describeTopics(topics).allTopicNames().get();
	}

	/** The value of a topic's configuration entry, as the brokers answer it (their default when the topic sets none). */
	String topicConfig(String topic, String name) throws ExecutionException, InterruptedException {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		Config config = admin().describeConfigs(List.of(resource)).all().get().get(resource);
		return config.get(name).value();
	}

	/** The current leader of each partition of the topics. */
	Map<TopicPartition, Integer> leaders(Collection<String> topics) throws ExecutionException, InterruptedException {
		Map<TopicPartition, Integer> leaders = new HashMap<>();
		describe(topics).forEach((topic, description) -> {
			for (TopicPartitionInfo partition : description.partitions()) {
				Node leader = partition.leader();
				leaders.put(new TopicPartition(topic, partition.partition()), (leader != null) ? leader.id() : -1);
			}
		});
		return leaders;
	}

	/** The partition Kafka's default partitioner gives a record with this key. */
	int partitionOf(String topic, String key) throws ExecutionException, InterruptedException {
		int partitions = describe(List.of(topic)).get(topic).partitions().size();
		return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
	}

	/** Stops every node at once with SIGKILL: the cluster's data is thrown away with the test's directory. */
	@Override
	public void close() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(5));
		}
		List.copyOf(this.nodes.keySet()).forEach(this::kill);
	}

	private void launch(int nodeId) {
		Path logDir = this.directory.resolve("node-" + nodeId);
		String voters = nodeIds().stream()
			.map((id) -> id + "@127.0.0.1:" + controllerPort(id))
			.collect(Collectors.joining(","));
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				// Three brokers and the stack share two cores: little heap, a serial collector and no C2 compiler.
				"-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-cp", System.getProperty("java.class.path"), KafkaClusterNode.class.getName(),
				String.valueOf(nodeId), this.clusterId, logDir.toAbsolutePath().toString(),
				String.valueOf(brokerPort(nodeId)), String.valueOf(controllerPort(nodeId)), voters);
		try {
			Files.createDirectories(LOGS);
			Process node = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(LOGS.resolve("node-" + nodeId + ".log").toFile()))
				.start();
			this.nodes.put(nodeId, node);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start Kafka node " + nodeId, ex);
		}
	}

	private int brokerPort(int nodeId) {
		return this.ports[nodeId - 1];
	}

	private int controllerPort(int nodeId) {
		return this.ports[SIZE + nodeId - 1];
	}

}
