package cloud.ims.standalone;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import cloud.ims.standalone.infrastructure.LocalVcsim;
import cloud.ims.standalone.infrastructure.StandaloneKafka;
import cloud.ims.standalone.infrastructure.StandaloneMongo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: MongoDB server, Kafka broker, then the {@link ImsStack}, all with their data under
 * one directory. Stops in the reverse order (gateway, workers, Kafka, MongoDB), also when stopped while starting.
 */
final class Standalone implements AutoCloseable {

	static final String RUNTIME_FILE = "standalone.properties";

	private static final Logger logger = LoggerFactory.getLogger(Standalone.class);

	private final Path dataDir;

	private final Deque<AutoCloseable> started = new ArrayDeque<>();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private boolean closed;

	Standalone(Path dataDir) {
		this.dataDir = dataDir.toAbsolutePath().normalize();
	}

	/** Starts everything; returns the running stack. */
	ImsStack start(int port, List<String> extraArguments) {
		return start(port, extraArguments, null);
	}

	/**
	 * Starts everything, with the vSphere driver on a local vCenter simulator when {@code vcsimFrom} (the IMS
	 * repository, which builds it) is given; returns the running stack.
	 */
	ImsStack start(int port, List<String> extraArguments, @Nullable Path vcsimFrom) {
		createDirectories(this.dataDir);
		List<String> arguments = new ArrayList<>();
		if (vcsimFrom != null) {
			LocalVcsim vcsim = register(LocalVcsim.start(vcsimFrom, this.dataDir.resolve("vcsim/vcsim.log")));
			vcsim.driverSettings().forEach((name, value) -> arguments.add("--" + name + "=" + value));
		}
		arguments.addAll(extraArguments);
		return startStack(port, arguments);
	}

	private ImsStack startStack(int port, List<String> extraArguments) {
		InternalPorts ports = InternalPorts.choose(PropertyArguments.parse(extraArguments), previousRuntime(), port);
		logger.info("Starting the MongoDB-protocol server on 127.0.0.1:{}", ports.mongo());
		StandaloneMongo mongo = register(StandaloneMongo.start(this.dataDir.resolve("mongodb/ims.mv"), ports.mongo()));
		logger.info("Starting the Kafka broker on 127.0.0.1:{}", ports.kafka());
		StandaloneKafka kafka = register(
				StandaloneKafka.start(this.dataDir.resolve("kafka"), ports.kafka(), ports.kafkaController()));
		writeRuntime(ports, port, kafka.bootstrapServers(), mongo.uri());
		logger.info("Starting the services");
		return register(ImsStack
			.start(new StackSettings(this.dataDir, port, kafka.bootstrapServers(), mongo.uri(), extraArguments)));
	}

	private static void createDirectories(Path directory) {
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private synchronized <T extends AutoCloseable> T register(T component) {
		if (this.closed) {
			closeQuietly(component);
			throw new IllegalStateException("Stopped while starting");
		}
		this.started.push(component);
		return component;
	}

	private Properties previousRuntime() {
		Properties properties = new Properties();
		Path file = this.dataDir.resolve(RUNTIME_FILE);
		if (Files.exists(file)) {
			try (Reader reader = Files.newBufferedReader(file)) {
				properties.load(reader);
			}
			catch (IOException ex) {
				logger.warn("Ignoring unreadable {}", file, ex);
			}
		}
		return properties;
	}

	private void writeRuntime(InternalPorts ports, int port, String bootstrapServers, String mongoUri) {
		String content = "# Written by 'ims up': where the running standalone stack's infrastructure listens.\n"
				+ InternalPorts.KAFKA + "=" + ports.kafka() + "\n" + InternalPorts.KAFKA_CONTROLLER + "="
				+ ports.kafkaController() + "\n" + InternalPorts.MONGO + "=" + ports.mongo() + "\n"
				+ "spring.kafka.bootstrap-servers=" + bootstrapServers + "\n" + "ims.mongodb.uri=" + mongoUri + "\n"
				+ "server.port=" + port + "\n";
		try {
			Files.writeString(this.dataDir.resolve(RUNTIME_FILE), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Blocks until {@link #close()} has finished. */
	void awaitStop() throws InterruptedException {
		this.stopped.await();
	}

	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		logger.info("Stopping IMS");
		while (true) {
			AutoCloseable component;
			synchronized (this) {
				component = this.started.poll();
			}
			if (component == null) {
				break;
			}
			closeQuietly(component);
		}
		logger.info("IMS stopped");
		this.stopped.countDown();
	}

	private static void closeQuietly(AutoCloseable component) {
		try {
			component.close();
		}
		catch (Exception ex) {
			// Stopping goes on, so that the remaining components still release their files.
			logger.warn("Could not stop {} cleanly", component, ex);
		}
	}
}
