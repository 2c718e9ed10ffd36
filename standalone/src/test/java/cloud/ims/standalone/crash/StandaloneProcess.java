package cloud.ims.standalone.crash;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import cloud.ims.core.testing.SystemTool;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import static org.awaitility.Awaitility.await;

/**
 * The standalone stack as its own process ({@code java -jar ims-standalone.jar up}), so that a test can kill it
 * with SIGKILL and start it again on the same data directory, as a crash and a restart would.
 */
public final class StandaloneProcess implements AutoCloseable {

	private static final Path JAR = Path.of("target/ims-standalone.jar");

	private final Path dataDir;

	private final int port;

	private final List<String> settings;

	private Process process;

	public StandaloneProcess(Path dataDir, List<String> settings) throws IOException {
		this.dataDir = dataDir;
		this.settings = settings;
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
	}

	public static boolean isBuilt() {
		return JAR.toFile().isFile();
	}

	public StandaloneProcess start() throws IOException {
		SystemTool.QEMU_IMG.require();
		SystemTool.PRLIMIT.require();
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", JAR.toString(), "up", "--port",
				String.valueOf(this.port), "--data", this.dataDir.toString()));
		command.addAll(this.settings);
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target/standalone-process.log").toFile()))
			.start();
		WebTestClient client = client();
		// Usually 30 to 40 s on two cores; far more when the machine is busy with other builds.
		await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
			.until(() -> client.get().uri("/versions").exchange().returnResult(String.class).getStatus()
				.is2xxSuccessful());
		return this;
	}

	/** SIGKILL: no shutdown hook runs, nothing is flushed or closed in order. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM, as an operator's stop or a container runtime sends it; answers whether the stack exited by itself. */
	public boolean stop(Duration atMost) throws InterruptedException {
		this.process.destroy();
		return this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
	}

	public WebTestClient client() {
		return WebTestClient.bindToServer(connector())
			.baseUrl("https://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/** A client that does not wait for the answer: for requests a test leaves running, like an upload cut off. */
	public WebClient webClient() {
		return WebClient.builder().clientConnector(connector()).baseUrl("https://localhost:" + this.port).build();
	}

	private static ReactorClientHttpConnector connector() {
		HttpClient https = HttpClient.create().secure((tls) -> {
			try {
				tls.sslContext(SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build());
			}
			catch (javax.net.ssl.SSLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		return new ReactorClientHttpConnector(https);
	}

	/** The embedded broker, at the port the stack recorded in its data directory when it started. */
	public String bootstrapServers() {
		Properties runtime = new Properties();
		try (Reader reader = Files.newBufferedReader(this.dataDir.resolve("standalone.properties"))) {
			runtime.load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return runtime.getProperty("spring.kafka.bootstrap-servers");
	}

	public Path dataDir() {
		return this.dataDir;
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
