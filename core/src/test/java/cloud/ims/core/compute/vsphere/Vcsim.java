package cloud.ims.core.compute.vsphere;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import cloud.ims.core.testing.SystemTool;
import org.jspecify.annotations.Nullable;

/**
 * govmomi's vCenter simulator as a test fixture: builds it with {@code tools/vcsim/build.sh}, starts it on a free
 * loopback port, and stops it on close (closing its stdin, then destroying it). Can stop and start it again on the
 * same port, to test what a client does while vCenter is gone.
 */
public final class Vcsim implements AutoCloseable {

	public static final String USERNAME = "ims";

	public static final String PASSWORD = "ims-vcsim";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private final Path binary;

	private final List<String> options;

	private @Nullable Process process;

	private URI url;

	private Vcsim(Path binary, List<String> options, String listen) {
		this.binary = binary;
		this.options = options;
		this.url = launch(listen);
	}

	/** Builds (when needed) and starts vcsim with the given extra options, e.g. {@code -tls} or {@code -vms 2}. */
	public static Vcsim start(String... options) {
		return new Vcsim(build(), List.of(options), "127.0.0.1:0");
	}

	public URI url() {
		return this.url;
	}

	/**
	 * Settings for this vcsim: its URL and login, the inventory left to defaults except the network (the model has
	 * several), tasks polled every 20 ms.
	 */
	public VsphereSettings settings() {
		return new VsphereSettings(this.url, USERNAME, PASSWORD, null, null, null, null, null, null, null,
				"VM Network", Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(20));
	}

	public boolean tls() {
		return this.options.contains("-tls");
	}

	/** Stops vcsim and starts a new one (an empty inventory again) on the same port. */
	public void restart() {
		stop();
		this.url = launch("127.0.0.1:" + this.url.getPort());
	}

	public void stop() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		this.process = null;
		try {
			running.getOutputStream().close();
		}
		catch (IOException ex) {
			// it is being destroyed anyway
		}
		running.destroy();
		try {
			if (!running.waitFor(10, TimeUnit.SECONDS)) {
				running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		stop();
	}

	private URI launch(String listen) {
		List<String> command = new ArrayList<>(List.of(this.binary.toString(), "-listen", listen));
		command.addAll(this.options);
		Path log = Path.of("target", "vcsim.log").toAbsolutePath();
		try {
			Files.createDirectories(log.getParent());
			Process started = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			this.process = started;
			BufferedReader out = new BufferedReader(
					new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
			String line = CompletableFuture.supplyAsync(() -> {
				try {
					for (String read = out.readLine(); read != null; read = out.readLine()) {
						if (read.startsWith("VCSIM_URL=")) {
							return read.substring("VCSIM_URL=".length()).trim();
						}
					}
					return null;
				}
				catch (IOException ex) {
					return null;
				}
			}).get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			if (line == null) {
				stop();
				throw new IllegalStateException("vcsim exited before it was ready; see " + log);
			}
			URI announced = URI.create(line);
			// vcsim announces http:// even with -tls on some versions; trust the flag
			String scheme = tls() ? "https" : "http";
			return URI.create(scheme + "://127.0.0.1:" + announced.getPort() + "/sdk");
		}
		catch (java.util.concurrent.TimeoutException ex) {
			stop();
			throw new IllegalStateException("vcsim did not print VCSIM_URL within " + READY_TIMEOUT + "; see " + log);
		}
		catch (IOException | java.util.concurrent.ExecutionException ex) {
			stop();
			throw new IllegalStateException("vcsim cannot start: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stop();
			throw new IllegalStateException("interrupted while starting vcsim");
		}
	}

	private static Path build() {
		Path script = repositoryRoot().resolve("tools/vcsim/build.sh");
		try {
			Process build = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
			build.getOutputStream().close();
			String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
				requireBuildTools();
				throw new IllegalStateException(
						"vcsim cannot be built; install the Debian packages golang-go golang-github-vmware-govmomi-dev ("
								+ lastLine(output) + ")");
			}
			Path binary = Path.of(lastLine(output));
			if (!Files.isExecutable(binary)) {
				throw new IllegalStateException("tools/vcsim/build.sh printed no executable vcsim: " + lastLine(output));
			}
			return binary;
		}
		catch (IOException ex) {
			requireBuildTools();
			throw new IllegalStateException(
					"vcsim cannot be built; install the Debian packages golang-go golang-github-vmware-govmomi-dev ("
							+ ex.getMessage() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while building vcsim");
		}
	}

	/** A build that failed for want of a tool fails the test with one line naming its package. */
	private static void requireBuildTools() {
		SystemTool.GO.require();
		SystemTool.GOVMOMI_SOURCES.require();
		SystemTool.PATCH.require();
	}

	private static String lastLine(String output) {
		String[] lines = output.split("\n");
		return lines[lines.length - 1].trim();
	}

	private static Path repositoryRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("tools/vcsim/build.sh"))) {
				return dir;
			}
		}
		throw new IllegalStateException("no tools/vcsim/build.sh above " + Path.of("").toAbsolutePath());
	}

}
