package cloud.ims.standalone.infrastructure;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real Kafka broker running in this JVM in KRaft combined mode (broker and controller in one node), with its log
 * under a directory that survives restarts. The quorum is static (one voter given by
 * {@code controller.quorum.voters}), so both ports may differ from one start to the next.
 */
public final class StandaloneKafka implements AutoCloseable {

	private static final int NODE_ID = 1;

	private static final String CONTROLLER_LISTENER = "CONTROLLER";

	private final KafkaRaftServer server;

	private final int port;

	private StandaloneKafka(KafkaRaftServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Formats {@code logDir} on first use (with a new cluster id, kept in its {@code meta.properties}) and starts the
	 * broker on 127.0.0.1.
	 */
	public static StandaloneKafka start(Path logDir, int port, int controllerPort) {
		Map<String, Object> properties = configuration(logDir, port, controllerPort);
		KafkaConfig config = new KafkaConfig(properties, false);
		formatOnce(logDir);
		KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
		try {
			server.startup();
		}
		catch (RuntimeException ex) {
			server.shutdown();
			throw ex;
		}
		return new StandaloneKafka(server, port);
	}

	static Map<String, Object> configuration(Path logDir, int port, int controllerPort) {
		Map<String, Object> properties = nodeConfiguration(NODE_ID, NODE_ID + "@127.0.0.1:" + controllerPort, logDir,
				port, controllerPort);
		// One node: every internal topic can only have one replica.
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("share.coordinator.state.topic.replication.factor", "1");
		properties.put("share.coordinator.state.topic.min.isr", "1");
		return properties;
	}

	/**
	 * A KRaft node that is broker and controller on loopback, one of the {@code voters}; what replication its internal
	 * topics get is the caller's (one node here, three in the cluster tests).
	 */
	public static Map<String, Object> nodeConfiguration(int nodeId, String voters, Path logDir, int port,
			int controllerPort) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", String.valueOf(nodeId));
		properties.put("controller.quorum.voters", voters);
		properties.put("listeners",
				"PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
		properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
		properties.put("controller.listener.names", CONTROLLER_LISTENER);
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
		properties.put("log.dirs", logDir.toAbsolutePath().toString());
		properties.put("offsets.topic.num.partitions", "5");
		// Nobody else will join the group, so waiting for more members only delays the first poll.
		properties.put("group.initial.rebalance.delay.ms", "0");
		// The log cleaner (it compacts the consumer offsets) allocates its deduplication map on the heap: 128 MiB by
		// default, half of the 256 MiB the whole stack runs in. A few thousand offset keys need far less.
		properties.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
		return properties;
	}

	private static void formatOnce(Path logDir) {
		if (Files.exists(logDir.resolve("meta.properties"))) {
			return;
		}
		try {
			Files.createDirectories(logDir);
			String directory = logDir.toAbsolutePath().toString();
			new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
				.setNodeId(NODE_ID)
				.setClusterId(Uuid.randomUuid().toString())
				.setControllerListenerName(CONTROLLER_LISTENER)
				.setMetadataLogDirectory(directory)
				.addDirectory(directory)
				.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot format the Kafka log directory " + logDir, ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** The {@code bootstrap.servers} value that reaches this broker. */
	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/** Stops the broker and waits until its log is closed. */
	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
	}
}
