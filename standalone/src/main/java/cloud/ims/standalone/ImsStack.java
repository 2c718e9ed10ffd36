package cloud.ims.standalone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.gateway.GatewayApplication;
import cloud.ims.imageworker.ImageWorkerApplication;
import cloud.ims.provisioning.ProvisioningWorkerApplication;
import cloud.ims.standalone.keys.SecurityMaterial;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The api-gateway, the image-worker and the provisioning-worker in this JVM, each in its own application context,
 * configured against one data directory, one Kafka and one MongoDB. Used by {@code ims up} and by end-to-end tests,
 * so that both run exactly the same composition.
 */
public final class ImsStack implements AutoCloseable {

	private final ConfigurableApplicationContext gateway;

	private final ConfigurableApplicationContext imageWorker;

	private final ConfigurableApplicationContext provisioningWorker;

	private ImsStack(ConfigurableApplicationContext gateway, ConfigurableApplicationContext imageWorker,
			ConfigurableApplicationContext provisioningWorker) {
		this.gateway = gateway;
		this.imageWorker = imageWorker;
		this.provisioningWorker = provisioningWorker;
	}

	/**
	 * Generates the security material if missing, then starts the workers and the gateway and returns once all three
	 * are up. If one fails, those already started are stopped again.
	 */
	public static ImsStack start(StackSettings settings) {
		SecurityMaterial.ensure(settings.dataDir());
		checkKeysApartFromImageData(settings);
		String[] arguments = arguments(settings).toArray(String[]::new);
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		try {
			ConfigurableApplicationContext imageWorker = run(ImageWorkerApplication.class,
					ImageWorkerApplication.builder(), workerArguments(arguments), started);
			ConfigurableApplicationContext provisioningWorker = run(ProvisioningWorkerApplication.class,
					ProvisioningWorkerApplication.builder(), workerArguments(arguments), started);
			ConfigurableApplicationContext gateway = run(GatewayApplication.class, GatewayApplication.builder(),
					gatewayArguments(arguments, settings), started);
			return new ImsStack(gateway, imageWorker, provisioningWorker);
		}
		catch (RuntimeException ex) {
			Collections.reverse(started);
			started.forEach(ConfigurableApplicationContext::close);
			throw ex;
		}
	}

	private static ConfigurableApplicationContext run(Class<?> application, SpringApplicationBuilder builder,
			String[] arguments, List<ConfigurableApplicationContext> started) {
		// The owner of the stack stops the contexts in order; Spring Boot's own hook would stop them all at once.
		// The main class is named because Boot would otherwise take the launcher's from the stack.
		ConfigurableApplicationContext context = builder.main(application)
			.registerShutdownHook(false)
			.bannerMode(Banner.Mode.OFF)
			.run(arguments);
		started.add(context);
		return context;
	}

	/** The Spring Boot arguments of all three services: the defaults below, overridden by the extra arguments. */
	static List<String> arguments(StackSettings settings) {
		String data = settings.dataDir().toString();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("ims.data-dir", data);
		properties.put("spring.kafka.bootstrap-servers", settings.bootstrapServers());
		properties.put("ims.mongodb.uri", settings.mongoUri());
		// Otherwise a JVM shutdown hook stops logging while the stack is still being stopped.
		properties.put("logging.register-shutdown-hook", "false");
		// The three share one logging system, which can only show one application name: it would mislabel two.
		properties.put("logging.include-application-name", "false");
		// Every writer runs in this JVM and hints the relay at its events; the embedded MongoDB-protocol server has
		// no secondary index, so a sweep reads every document, and runs rarely, for what a hint could not say.
		properties.put("ims.events.relay.sweep-interval", "30s");
		properties.putAll(PropertyArguments.parse(settings.extraArguments()));
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		settings.extraArguments()
			.stream()
			.filter((argument) -> !PropertyArguments.isProperty(argument))
			.forEach(arguments::add);
		return arguments;
	}

	/**
	 * The workers' web servers only serve health and metrics: on one machine any free port will do, so that two
	 * stacks (or a stack and its tests) never compete for one.
	 */
	static String[] workerArguments(String[] arguments) {
		List<String> worker = new ArrayList<>(List.of(arguments));
		worker.removeIf((argument) -> argument.startsWith("--server.port="));
		worker.add(0, "--server.port=0");
		return worker.toArray(String[]::new);
	}

	/**
	 * The gateway alone listens on the HTTPS port, unless the extra arguments name another one, and it alone is told
	 * where the keys are: the TLS key, the token signing key and the key that seals access-key secrets. The workers
	 * (the image-worker runs qemu-img on files tenants send) are given no key path, and serve their health and metrics
	 * over HTTP.
	 */
	static String[] gatewayArguments(String[] arguments, StackSettings settings) {
		String data = settings.dataDir().toString();
		Map<String, String> keys = new LinkedHashMap<>();
		keys.put("server.ssl.certificate", "file:" + data + "/tls/server.crt");
		keys.put("server.ssl.certificate-private-key", "file:" + data + "/tls/server.key");
		// The gateway signs the tokens of password sign-ins with the key ./ims token signs with, and verifies both.
		keys.put("ims.identity.signing-key", data + "/keys/jwt-signing-key.json");
		keys.put("ims.identity.access-keys.encryption-key-file", data + "/keys/credential-key");
		List<String> gateway = new ArrayList<>(List.of(arguments));
		// Extra arguments may name other files; Spring Boot would join two values of one property with a comma.
		keys.forEach((name, value) -> {
			if (gateway.stream().noneMatch((argument) -> argument.startsWith("--" + name + "="))) {
				gateway.add("--" + name + "=" + value);
			}
		});
		if (gateway.stream().noneMatch((argument) -> argument.startsWith("--server.port="))) {
			gateway.add(0, "--server.port=" + settings.port());
		}
		return gateway.toArray(String[]::new);
	}

	/**
	 * Refuses an image store or simulated VMware Service root that holds the keys or lies within them: the
	 * image-worker stages and converts tenants' files there with qemu-img, and must find no key beside them.
	 */
	static void checkKeysApartFromImageData(StackSettings settings) {
		Map<String, String> properties = PropertyArguments.parse(settings.extraArguments());
		Path data = settings.dataDir();
		List<Path> keys = List.of(data.resolve("keys"), data.resolve("tls"));
		Map<String, Path> roots = new LinkedHashMap<>();
		roots.put("ims.image-store.root", root(properties.get("ims.image-store.root"), data.resolve("images")));
		roots.put("ims.driver.simulated.root", root(properties.get("ims.driver.simulated.root"), data.resolve("vmware")));
		roots.forEach((name, root) -> keys.stream()
			.filter((key) -> key.startsWith(root) || root.startsWith(key))
			.findFirst()
			.ifPresent((key) -> {
				throw new IllegalStateException(name + " (" + root + ") holds the keys in " + key
						+ ", where the image-worker would find them beside the files it runs qemu-img on; choose a folder"
						+ " outside " + key + ", such as " + data.resolve("images") + " or " + data.resolve("vmware"));
			}));
	}

	private static Path root(@Nullable String configured, Path fallback) {
		return (configured != null) ? Path.of(configured).toAbsolutePath().normalize() : fallback;
	}

	/** The port the gateway actually listens on (useful when it was started with port 0). */
	public int gatewayPort() {
		Integer port = this.gateway.getEnvironment().getProperty("local.server.port", Integer.class);
		if (port == null) {
			throw new IllegalStateException("The gateway has no web server");
		}
		return port;
	}

	public ConfigurableApplicationContext gateway() {
		return this.gateway;
	}

	public ConfigurableApplicationContext imageWorker() {
		return this.imageWorker;
	}

	public ConfigurableApplicationContext provisioningWorker() {
		return this.provisioningWorker;
	}

	/** Stops the gateway first, so that no new work is accepted, then the workers. */
	@Override
	public void close() {
		this.gateway.close();
		this.imageWorker.close();
		this.provisioningWorker.close();
	}
}
