package cloud.ims.standalone.infrastructure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * govmomi's vCenter simulator as a child process, for trying IMS on "vSphere" with one command
 * ({@code ./ims up --vcsim}): built from Debian's sources by {@code tools/vcsim/build.sh} on first use, listening on
 * a free loopback port. Its inventory lives in its memory only, so it starts empty every time. It exits when this
 * JVM does, even on SIGKILL, because it watches its standard input.
 */
public final class LocalVcsim implements AutoCloseable {

	public static final String USERNAME = "ims";

	public static final String PASSWORD = "ims-vcsim";

	private static final Logger logger = LoggerFactory.getLogger(LocalVcsim.class);

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private final Process process;

	private final URI url;

	private LocalVcsim(Process process, URI url) {
		this.process = process;
		this.url = url;
	}

	/** Builds vcsim if needed (about a minute the first time) and starts it. */
	public static LocalVcsim start(Path repositoryRoot, Path logFile) {
		Path binary = build(repositoryRoot);
		try {
			Files.createDirectories(logFile.getParent());
			Process process = new ProcessBuilder(binary.toString(), "-listen", "127.0.0.1:0", "-username", USERNAME,
					"-password", PASSWORD)
				.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
				.start();
			URI url = awaitUrl(process);
			logger.info("vCenter simulator (vcsim) listening at {}", url);
			return new LocalVcsim(process, url);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start vcsim (" + binary + ")", ex);
		}
	}

	/** The settings that point IMS's vSphere driver at this simulator. */
	public Map<String, String> driverSettings() {
		// The simulator's datacenter has three networks: its standard port group is the one ECSs join.
		return Map.of("ims.driver.type", "vsphere", "ims.vsphere.url", this.url.toString(), "ims.vsphere.username",
				USERNAME, "ims.vsphere.password", PASSWORD, "ims.vsphere.network", "VM Network");
	}

	public URI url() {
		return this.url;
	}

	private static Path build(Path repositoryRoot) {
		Path script = repositoryRoot.resolve("tools/vcsim/build.sh");
		if (!Files.isRegularFile(script)) {
			throw new IllegalStateException("--vcsim needs the IMS repository: " + script + " is missing");
		}
		logger.info("Building the vCenter simulator (vcsim) if needed: {}", script);
		try {
			Process build = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
			String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			if (!build.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || build.exitValue() != 0) {
				throw new IllegalStateException("Cannot build vcsim: " + output);
			}
			List<String> lines = output.lines().toList();
			return Path.of(lines.get(lines.size() - 1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot build vcsim with " + script, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while vcsim was built", ex);
		}
	}

	private static URI awaitUrl(Process process) {
		CompletableFuture<URI> url = CompletableFuture.supplyAsync(() -> {
			try {
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					if (line.startsWith("VCSIM_URL=")) {
						return URI.create(line.substring("VCSIM_URL=".length()).strip());
					}
				}
				throw new IllegalStateException("vcsim exited before it listened");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		try {
			return url.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			process.destroyForcibly();
			throw new IllegalStateException("vcsim did not start: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while vcsim started", ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	@Override
	public String toString() {
		return "vcsim at " + this.url;
	}

}
