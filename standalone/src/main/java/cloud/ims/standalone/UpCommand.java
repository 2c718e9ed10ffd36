package cloud.ims.standalone;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import cloud.ims.core.spring.ImsSettingsCheck;
import cloud.ims.core.spring.InvalidSettings;
import org.slf4j.Logger;
import org.springframework.core.NestedExceptionUtils;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ims up}: runs the whole system in the foreground until Ctrl-C.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
		description = { "Starts Kafka, the MongoDB-protocol server and the three services in the foreground.",
				"Further --name=value arguments are passed to the services as Spring Boot properties, e.g.",
				"--ims.driver.simulated.latency=2s, --ims.standalone.kafka-port=9092, --ims.standalone.mongo-port=27017." })
final class UpCommand implements Callable<Integer> {

	private static final Logger logger = LoggerFactory.getLogger(UpCommand.class);

	@Spec
	private CommandSpec spec;

	@Option(names = "--port", defaultValue = "8443", description = "HTTPS port of the API (default: ${DEFAULT-VALUE}).")
	private int port;

	@Option(names = "--data", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
	private Path data;

	@Option(names = "--vcsim", description = { "Drive a local vCenter simulator (govmomi's vcsim) with the",
			"vSphere driver; it is built from the Debian packages golang-go and",
			"golang-github-vmware-govmomi-dev." })
	private boolean vcsim;

	@Unmatched
	private List<String> properties = new ArrayList<>();

	@Override
	public Integer call() throws InterruptedException {
		for (String argument : this.properties) {
			if (!PropertyArguments.isProperty(argument)) {
				throw new ParameterException(this.spec.commandLine(),
						"Unexpected argument '" + argument + "': properties are given as --name=value");
			}
		}
		try {
			// Before Kafka and MongoDB start: a misspelt setting fails at once, not after them.
			ImsSettingsCheck.checkArguments(this.properties, UpCommand.class.getClassLoader());
		}
		catch (InvalidSettings invalid) {
			throw new ParameterException(this.spec.commandLine(), invalid.getMessage());
		}
		Standalone standalone = new Standalone(this.data);
		Runtime.getRuntime().addShutdownHook(new Thread(standalone::close, "ims-shutdown"));
		ImsStack stack;
		try {
			stack = standalone.start(this.port, this.properties, this.vcsim ? repositoryRoot() : null);
		}
		catch (RuntimeException ex) {
			InvalidSettings invalid = NestedExceptionUtils.getMostSpecificCause(ex) instanceof InvalidSettings settings
					? settings : null;
			if (invalid != null) {
				logger.error("IMS could not start: {} {}", invalid.getMessage(), invalid.action());
			}
			else {
				logger.error("IMS could not start", ex);
			}
			standalone.close();
			return 1;
		}
		printWelcome(stack);
		standalone.awaitStop();
		return 0;
	}

	/** The IMS repository the launcher runs from: {@code IMS_HOME} (set by {@code ./ims}), else the jar's. */
	private static Path repositoryRoot() {
		String home = System.getenv("IMS_HOME");
		if (home != null && !home.isBlank()) {
			return Path.of(home);
		}
		try {
			Path jar = Path.of(UpCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			return jar.getParent().getParent().getParent();
		}
		catch (URISyntaxException | RuntimeException ex) {
			return Path.of(".");
		}
	}

	private void printWelcome(ImsStack stack) {
		Path dataDir = this.data.toAbsolutePath().normalize();
		PrintWriter out = this.spec.commandLine().getOut();
		out.println();
		out.println("IMS is running.");
		out.println("  API:    https://localhost:" + stack.gatewayPort() + "  (self-signed certificate: "
				+ dataDir.resolve("tls/server.crt") + ")");
		out.println("  Docs:   README.md in the repository root");
		out.println("  Token:  ./ims token --data " + dataDir + " --project demo --user alice [--admin]");
		out.println("  Data:   " + dataDir + "  (internal ports in " + dataDir.resolve(Standalone.RUNTIME_FILE) + ")");
		out.println("Press Ctrl-C to stop.");
		out.flush();
	}
}
