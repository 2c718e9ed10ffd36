package cloud.ims.standalone.deploy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import cloud.ims.standalone.infrastructure.LoopbackPorts;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A Kafka node configured as the nodes of docker-compose.yml are: deploy/kafka/server.properties with what
 * deploy/kafka/node.sh adds (id, listeners, quorum, JAAS), its log formatted with the SCRAM users of
 * deploy/kafka/users, each with a password of its own. One node in this JVM instead of three, so every topic has one
 * replica. {@link #initialise()} does what the kafka-init service does.
 */
final class ComposeBroker implements AutoCloseable {

	static final String MECHANISM = "SCRAM-SHA-512";

	private final KafkaRaftServer server;

	private final int port;

	private final Map<String, String> passwords;

	private ComposeBroker(KafkaRaftServer server, int port, Map<String, String> passwords) {
		this.server = server;
		this.port = port;
		this.passwords = passwords;
	}

	static ComposeBroker start(Path logDir) throws Exception {
		Map<String, String> passwords = new HashMap<>();
		KafkaDeployment.users().keySet().forEach((user) -> passwords.put(user, UUID.randomUUID().toString()));
		String controllerPassword = UUID.randomUUID().toString();
		int[] ports = LoopbackPorts.free(2);
		Map<String, Object> properties = new HashMap<>();
		KafkaDeployment.serverProperties().forEach((name, value) -> properties.put((String) name, value));
		// What node.sh adds.
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", "1");
		properties.put("controller.quorum.voters", "1@127.0.0.1:" + ports[1]);
		properties.put("listeners", "BROKER://127.0.0.1:" + ports[0] + ",CONTROLLER://127.0.0.1:" + ports[1]);
		properties.put("advertised.listeners", "BROKER://127.0.0.1:" + ports[0]);
		properties.put("log.dirs", logDir.toAbsolutePath().toString());
		properties.put("listener.name.broker.scram-sha-512.sasl.jaas.config",
				KafkaDeployment.scramJaas("broker", passwords.get("broker")));
		properties.put("listener.name.controller.plain.sasl.jaas.config",
				"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"controller\" password=\""
						+ controllerPassword + "\" user_controller=\"" + controllerPassword + "\";");
		// One node: one replica of everything.
		List.of("default.replication.factor", "min.insync.replicas", "offsets.topic.replication.factor",
				"transaction.state.log.replication.factor", "transaction.state.log.min.isr",
				"share.coordinator.state.topic.replication.factor", "share.coordinator.state.topic.min.isr")
			.forEach((name) -> properties.put(name, "1"));
		properties.put("offsets.topic.num.partitions", "5");
		properties.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
		KafkaConfig config = new KafkaConfig(properties, false);
		format(logDir, passwords);
		KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
		server.startup();
		return new ComposeBroker(server, ports[0], passwords);
	}

	/** As node.sh's kafka-storage.sh format --add-scram, one argument per user of deploy/kafka/users. */
	private static void format(Path logDir, Map<String, String> passwords) throws Exception {
		Files.createDirectories(logDir);
		String directory = logDir.toAbsolutePath().toString();
		new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
			.setNodeId(1)
			.setClusterId(Uuid.randomUuid().toString())
			.setControllerListenerName("CONTROLLER")
			.setMetadataLogDirectory(directory)
			.addDirectory(directory)
			.setScramArguments(passwords.entrySet()
				.stream()
				.map((user) -> MECHANISM + "=[name=" + user.getKey() + ",password=" + user.getValue() + "]")
				.toList())
			.run();
	}

	/** What kafka-init does: the topics of deploy/kafka/topics.txt and the ACLs of deploy/kafka/acls.txt. */
	void initialise() throws ExecutionException, InterruptedException {
		try (Admin admin = admin("admin")) {
			admin.createTopics(KafkaDeployment.topics()
				.stream()
				.map((topic) -> new NewTopic(topic.name(), topic.partitions(), (short) 1))
				.toList()).all().get();
			admin.createAcls(KafkaDeployment.acls()).all().get();
		}
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	String password(String user) {
		return this.passwords.get(user);
	}

	/** The settings of a client that signs in as that user. */
	Map<String, Object> client(String user) {
		return client(user, password(user));
	}

	Map<String, Object> client(String user, String password) {
		Map<String, Object> properties = new HashMap<>();
		properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
		properties.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
		properties.put(SaslConfigs.SASL_JAAS_CONFIG, KafkaDeployment.scramJaas(user, password));
		return properties;
	}

	Admin admin(String user) {
		Map<String, Object> properties = client(user);
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
		return Admin.create(properties);
	}

	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
	}

}
