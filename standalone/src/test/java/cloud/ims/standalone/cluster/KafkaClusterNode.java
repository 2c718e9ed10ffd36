package cloud.ims.standalone.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import cloud.ims.standalone.infrastructure.StandaloneKafka;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * One node of a {@link KafkaCluster}, run in a JVM of its own so that a test can SIGKILL it: a KRaft broker and
 * controller in one node, started from the Kafka jars as {@code StandaloneKafka} starts the single node of
 * {@code ./ims up}, but one of three voters, and with the cluster's replication settings. The node halts when its
 * standard input closes, so that it never outlives the test JVM that started it.
 * <p>
 * Arguments: node id, cluster id, log directory, broker port, controller port, {@code controller.quorum.voters}.
 */
final class KafkaClusterNode {

	static final String CONTROLLER_LISTENER = "CONTROLLER";

	private KafkaClusterNode() {
	}

	public static void main(String[] arguments) throws Exception {
		int nodeId = Integer.parseInt(arguments[0]);
		String clusterId = arguments[1];
		Path logDir = Path.of(arguments[2]);
		Map<String, Object> properties = configuration(nodeId, logDir, Integer.parseInt(arguments[3]),
				Integer.parseInt(arguments[4]), arguments[5]);
		formatOnce(logDir, nodeId, clusterId);
		KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
		haltWhenParentGoes();
		server.startup();
		server.awaitShutdown();
	}

	static Map<String, Object> configuration(int nodeId, Path logDir, int port, int controllerPort, String voters) {
		Map<String, Object> properties = StandaloneKafka.nodeConfiguration(nodeId, voters, logDir, port, controllerPort);
		// IMS creates its topics without a replication factor or topic configs: they take these broker defaults.
		properties.put("default.replication.factor", "3");
		properties.put("min.insync.replicas", "2");
		properties.put("unclean.leader.election.enable", "false");
		properties.put("offsets.topic.replication.factor", "3");
		properties.put("transaction.state.log.replication.factor", "3");
		properties.put("transaction.state.log.min.isr", "2");
		properties.put("share.coordinator.state.topic.replication.factor", "3");
		properties.put("share.coordinator.state.topic.min.isr", "2");
		// A killed node is fenced, and its partitions get new leaders, after 5 s without a heartbeat (9 s by default).
		properties.put("broker.session.timeout.ms", "5000");
		properties.put("broker.heartbeat.interval.ms", "1000");
		return properties;
	}

	private static void formatOnce(Path logDir, int nodeId, String clusterId) throws Exception {
		if (Files.exists(logDir.resolve("meta.properties"))) {
			return;
		}
		Files.createDirectories(logDir);
		String directory = logDir.toAbsolutePath().toString();
		new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
			.setNodeId(nodeId)
			.setClusterId(clusterId)
			.setControllerListenerName(CONTROLLER_LISTENER)
			.setMetadataLogDirectory(directory)
			.addDirectory(directory)
			.run();
	}

	/** The parent holds the other end of standard input: end of input means it is gone, so is this node, at once. */
	private static void haltWhenParentGoes() {
		Thread watcher = new Thread(() -> {
			try {
				while (System.in.read() >= 0) {
					// Nothing is ever sent; reading only waits for the end.
				}
			}
			catch (IOException ex) {
				// Treated as the end of input.
			}
			Runtime.getRuntime().halt(1);
		}, "parent-watcher");
		watcher.setDaemon(true);
		watcher.start();
	}

}
