package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import cloud.ims.core.testing.SystemTool;
import cloud.ims.standalone.ImsStack;
import cloud.ims.standalone.StackSettings;
import cloud.ims.standalone.keys.SecurityMaterial;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * The whole system for end-to-end tests, started once per test JVM: a real KRaft broker, the MongoDB-protocol
 * server on a random port, and the three services over HTTPS, exactly as {@code ./ims up} composes them.
 * Tests isolate themselves by using their own project ids.
 */
final class TestStack {

	private static TestStack instance;

	private final EmbeddedKafkaKraftBroker kafka;

	private final MongoServer mongo;

	private final ImsStack stack;

	private final SecurityMaterial keys;

	private final Path dataDir;

	private TestStack() throws IOException {
		SystemTool.QEMU_IMG.require();
		SystemTool.PRLIMIT.require();
		this.dataDir = Files.createTempDirectory("ims-e2e");
		this.kafka = new EmbeddedKafkaKraftBroker(1, 1);
		this.kafka.afterPropertiesSet();
		this.mongo = new MongoServer(new MemoryBackend());
		String mongoAddress = this.mongo.bindAndGetConnectionString();
		this.keys = SecurityMaterial.ensure(this.dataDir);
		this.stack = ImsStack.start(new StackSettings(this.dataDir, 0, this.kafka.getBrokersAsString(), mongoAddress,
				List.of("--ims.outbox.relay-interval=500ms", "--ims.outbox.grace=1s",
						// Faults injected into the simulated VMware Service end quickly, and its breaker recovers soon.
						"--ims.driver.resilience.initial-backoff=20ms", "--ims.driver.resilience.max-backoff=100ms",
						"--ims.driver.resilience.open-state-wait=2s",
						// The watchdog looks often and acts on jobs without progress for a few seconds.
						"--ims.watchdog.interval=1s", "--ims.watchdog.stall-timeout=6s", "--ims.watchdog.max-resumes=1",
						// ECSs follow power states changed outside IMS within seconds.
						"--ims.driver.power-sync-interval=2s",
						// Imports come from a file server on this machine, reached by name; bad sources fail fast.
						"--ims.import.allowed-hosts=localhost", "--ims.import.stall-timeout=1s",
						"--ims.import.total-timeout=4s", "--ims.import.max-size=4MB",
						// A floor under the slowest drip the other tests serve (10 B/s), over a short window.
						"--ims.import.min-throughput=4B", "--ims.import.min-throughput-window=2s",
						// The tests store kilobytes: a machine with less free disk than the 5 GB default floor still runs them
						// (StorageQuotaIT proves the floor on a stack of its own).
						"--ims.store.min-free=64MB",
						// Exports go to an HTTPS file server with the stack's own certificate, and expire soon.
						"--ims.export.trusted-certificates=" + this.keys.certificate(), "--ims.export.retention=30s",
						"--ims.export.sweep-interval=1s",
						// Rate limits far above what any test sends, but for the one project RateLimitIT floods.
						"--ims.rate-limits.project.reads.rate=1000000", "--ims.rate-limits.project.writes.rate=1000000",
						"--ims.rate-limits.project.imports.rate=1000000", "--ims.rate-limits.user.reads.rate=1000000",
						"--ims.rate-limits.user.writes.rate=1000000", "--ims.rate-limits.user.imports.rate=1000000",
						"--ims.rate-limits.sign-ins.address.rate=1000000",
						"--ims.rate-limits.sign-ins.user-name.rate=1000000",
						"--ims.rate-limits.projects." + RateLimitIT.FLOODED_PROJECT + ".writes.rate=1",
						"--ims.rate-limits.projects." + RateLimitIT.FLOODED_PROJECT + ".writes.per=1h",
						"--ims.rate-limits.projects." + RateLimitIT.FLOODED_PROJECT + ".writes.burst="
								+ RateLimitIT.FLOODED_BURST)));
		Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
	}

	static synchronized TestStack get() {
		if (instance == null) {
			try {
				instance = new TestStack();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot create the data directory of the test stack", ex);
			}
		}
		return instance;
	}

	String token(String projectId, String userId, boolean admin) {
		return this.keys.tokenIssuer().issue(projectId, userId, admin, Duration.ofHours(1));
	}

	WebTestClient client() {
		return client(this.stack.gatewayPort());
	}

	/** A client of the gateway on {@code port} that trusts any certificate (every stack's own is self-signed). */
	static WebTestClient client(int port) {
		HttpClient https = HttpClient.create().secure((tls) -> {
			try {
				tls.sslContext(SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build());
			}
			catch (javax.net.ssl.SSLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(https))
			.baseUrl("https://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	String baseUrl() {
		return "https://localhost:" + this.stack.gatewayPort();
	}

	String bootstrapServers() {
		return this.kafka.getBrokersAsString();
	}

	Path dataDir() {
		return this.dataDir;
	}

	ImsStack stack() {
		return this.stack;
	}

	private void stop() {
		this.stack.close();
		this.kafka.destroy();
		this.mongo.shutdownNow();
	}

}
