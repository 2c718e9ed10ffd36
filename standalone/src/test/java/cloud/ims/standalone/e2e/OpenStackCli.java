package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import cloud.ims.core.testing.SystemTool;

/**
 * Runs the real {@code glance} and {@code openstack} commands against the test stack, exactly as a user would
 * type them: signed in with a user name and password at the Keystone endpoint, over TLS verified against the
 * installation's certificate, and captures what they print. Each run gets a clean environment: a private home
 * (glanceclient caches the server's image schema there, keyed by nothing but the home directory), no {@code OS_*}
 * variables and no CA bundle variables, which would replace {@code --os-cacert}.
 */
final class OpenStackCli {

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private final String baseUrl;

	private final Account account;

	private final Path certificate;

	private final Path home;

	/** @throws cloud.ims.core.testing.MissingSystemTool when glance or openstack is not installed */
	OpenStackCli(String baseUrl, Account account, Path certificate, Path home) {
		SystemTool.GLANCE.require();
		SystemTool.OPENSTACK.require();
		this.baseUrl = baseUrl;
		this.account = account;
		this.certificate = certificate;
		this.home = home;
	}

	/** A user of one project, signing in with a password (project name = project id, as the CLI creates them). */
	record Account(String user, String password, String project) {
	}

	/** Runs {@code glance <password sign-in options> <arguments>}. */
	Output glance(String... arguments) {
		return run(signedIn("glance", arguments));
	}

	/**
	 * Runs {@code glance} as from a terminal, with its standard input closed: glance takes any other standard input
	 * (a pipe, as a child process gets) for image data, which {@code --file} then contradicts.
	 */
	Output glanceWithoutInput(String... arguments) {
		List<String> command = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" <&-", "sh"));
		command.addAll(signedIn("glance", arguments));
		return run(command);
	}

	/** Runs {@code openstack <password sign-in options> <arguments>}. */
	Output openstack(String... arguments) {
		return run(signedIn("openstack", arguments));
	}

	private List<String> signedIn(String executable, String... arguments) {
		List<String> command = new ArrayList<>(List.of(executable, "--os-auth-url", this.baseUrl + "/v3",
				"--os-username", this.account.user(), "--os-password", this.account.password(), "--os-project-name",
				this.account.project(), "--os-user-domain-name", "Default", "--os-project-domain-name", "Default",
				"--os-cacert", this.certificate.toString()));
		command.addAll(List.of(arguments));
		return command;
	}

	private Output run(List<String> command) {
		try {
			Path stdout = Files.createTempFile(this.home, "stdout", ".txt");
			Path stderr = Files.createTempFile(this.home, "stderr", ".txt");
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile());
			Map<String, String> environment = builder.environment();
			environment.keySet().removeIf((name) -> name.startsWith("OS_"));
			environment.remove("REQUESTS_CA_BUNDLE");
			environment.remove("CURL_CA_BUNDLE");
			environment.put("HOME", this.home.toString());
			Process process = builder.start();
			if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command.get(0) + " did not finish within " + TIMEOUT + ": " + command);
			}
			return new Output(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
					Files.readString(stderr, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

	/** What one command printed, and how it ended. */
	record Output(int exitCode, String stdout, String stderr) {

		/** The two-column table that {@code glance image-show} prints, as property name to value. */
		Map<String, String> properties() {
			Map<String, String> properties = new LinkedHashMap<>();
			this.stdout.lines().filter((line) -> line.startsWith("| ")).forEach((line) -> {
				String[] cells = line.split("\\|");
				if (cells.length >= 3) {
					properties.put(cells[1].trim(), cells[2].trim());
				}
			});
			return properties;
		}

		@Override
		public String toString() {
			return "exit code " + this.exitCode + "\nstdout:\n" + this.stdout + "\nstderr:\n" + this.stderr;
		}

	}

}
