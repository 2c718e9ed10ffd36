package cloud.ims.standalone.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cloud.ims.schemas.Topics;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariants of docker-compose.yml and deploy/ that no Docker engine is needed to check (none runs in CI): ports
 * on loopback, no password in the file, a volume per service and no key near the image-worker, SASL for every IMS
 * service's Kafka clients, credentials in MongoDB's connection strings, and files that agree with the code.
 */
class DeploymentFilesTests {

	private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

	private static final Path ENV_EXAMPLE = Path.of("..", ".env.example");

	private static final List<String> IMS_SERVICES = List.of("api-gateway", "image-worker", "provisioning-worker");

	/** A value taken from a variable that must be set: {@code ${NAME:?message}}. */
	private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]+}");

	private final Map<String, Object> compose = load();

	@Test
	void bindsEveryPublishedPortToLoopback() {
		Map<String, List<String>> ports = new TreeMap<>();
		services().forEach((name, service) -> {
			List<?> published = (List<?>) service.get("ports");
			if (published != null) {
				ports.put(name, published.stream().map(String::valueOf).toList());
			}
		});

		assertThat(ports).containsOnlyKeys("api-gateway", "prometheus", "grafana");
		assertThat(ports.values()).allSatisfy((published) -> assertThat(published).isNotEmpty()
			.allMatch((port) -> port.startsWith("127.0.0.1:"), "bound to 127.0.0.1"));
	}

	@Test
	void takesEveryPasswordFromAVariableWithoutDefault() throws IOException {
		List<String> secrets = new ArrayList<>();
		services().forEach((name, service) -> environment(service).forEach((variable, value) -> {
			if (variable.contains("PASSWORD") || value.contains("password=") || value.startsWith("mongodb:")) {
				secrets.add(name + ": " + variable + "=" + value);
			}
		}));

		assertThat(secrets).isNotEmpty().allSatisfy((secret) -> {
			assertThat(secret).matches(".*" + REQUIRED_VARIABLE.pattern() + ".*");
			// What is left once the variables are taken out names no password.
			assertThat(REQUIRED_VARIABLE.matcher(secret.substring(secret.indexOf('=') + 1)).replaceAll(""))
				.doesNotContainPattern("password=\"[^\"]+\"")
				.doesNotContainPattern("//[^/@]*:[^/@]+@");
		});
		String text = Files.readString(COMPOSE);
		assertThat(text).doesNotContainPattern("\\$\\{[A-Z0-9_]*(PASSWORD|SECRET)[A-Z0-9_]*(:?-)")
			.doesNotContainPattern("(?i)password[\"']?\\s*[:=]\\s*[\"']?(admin|changeme|change-me|secret|password)\\b");
		assertThat(environment(services().get("grafana"))).containsEntry("GF_SECURITY_ADMIN_PASSWORD",
				"${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD in .env}");
	}

	@Test
	void namesEveryRequiredVariableInTheEnvExampleWithoutAValue() throws IOException {
		Set<String> required = new TreeSet<>();
		Matcher matcher = REQUIRED_VARIABLE.matcher(Files.readString(COMPOSE));
		while (matcher.find()) {
			required.add(matcher.group(1));
		}
		Map<String, String> example = new LinkedHashMap<>();
		Files.readAllLines(ENV_EXAMPLE)
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.forEach((line) -> example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));

		assertThat(required).contains("GRAFANA_ADMIN_PASSWORD", "MONGO_ROOT_PASSWORD", "IMS_MONGO_PASSWORD");
		assertThat(example.keySet()).containsExactlyInAnyOrderElementsOf(required);
		assertThat(example.values()).allMatch(String::isEmpty, "left for the operator to fill in");
		// Every Kafka user's password is one of them.
		assertThat(required).containsAll(KafkaDeployment.users().values());
	}

	@Test
	void keepsKeysFromEveryServiceButTheGatewayAndTheirGenerator() {
		Map<String, Set<String>> keyVolumes = new TreeMap<>();
		services().forEach((name, service) -> volumes(service).forEach((source, target) -> {
			if (target.startsWith("/data/keys") || target.startsWith("/data/tls")) {
				keyVolumes.computeIfAbsent(source, (volume) -> new TreeSet<>()).add(name);
			}
		}));

		assertThat(keyVolumes).containsOnlyKeys("ims-keys", "ims-tls")
			.allSatisfy((volume, users) -> assertThat(users).containsExactly("api-gateway", "ims-init"));
		assertThat(volumes(services().get("image-worker"))).containsOnlyKeys("ims-images", "ims-vmware")
			.doesNotContainKeys(keyVolumes.keySet().toArray(String[]::new));
		assertThat(environment(services().get("image-worker")))
			.noneSatisfy((variable, value) -> assertThat(value).containsAnyOf("/keys", "/tls"));
	}

	@Test
	void sharesEachVolumeOnlyWithTheServicesThatNeedIt() {
		Map<String, Set<String>> users = new TreeMap<>();
		services().forEach((name, service) -> volumes(service).keySet()
			.stream()
			.filter((source) -> !source.startsWith("./"))
			.forEach((volume) -> users.computeIfAbsent(volume, (v) -> new TreeSet<>()).add(name)));

		Map<String, Set<String>> expected = new TreeMap<>();
		expected.put("ims-keys", Set.of("ims-init", "api-gateway"));
		expected.put("ims-tls", Set.of("ims-init", "api-gateway"));
		// Uploads and downloads (gateway), conversions (image-worker), disks of new ECSs (provisioning-worker).
		expected.put("ims-images", Set.of("api-gateway", "image-worker", "provisioning-worker"));
		expected.put("ims-vmware", Set.of("image-worker", "provisioning-worker"));
		expected.put("kafka-1-data", Set.of("kafka-1"));
		expected.put("kafka-2-data", Set.of("kafka-2"));
		expected.put("kafka-3-data", Set.of("kafka-3"));
		expected.put("mongo-keyfile", Set.of("mongo-keyfile", "mongo"));
		expected.put("mongo-data", Set.of("mongo"));
		expected.put("prometheus-data", Set.of("prometheus"));
		expected.put("grafana-data", Set.of("grafana"));
		assertThat(users).hasSameSizeAs(expected)
			.allSatisfy((volume, services) -> assertThat(services).as(volume)
				.containsExactlyInAnyOrderElementsOf(expected.get(volume)));
		assertThat(((Map<?, ?>) this.compose.get("volumes")).keySet().stream().map(String::valueOf))
			.containsExactlyInAnyOrderElementsOf(expected.keySet());
	}

	@Test
	void signsEveryImsServiceIntoKafkaWithItsOwnScramUser() {
		Set<String> aclUsers = new TreeSet<>();
		KafkaDeployment.acls().forEach((acl) -> aclUsers.add(acl.entry().principal().substring("User:".length())));

		for (String name : IMS_SERVICES) {
			Map<String, String> environment = environment(services().get(name));
			assertThat(environment).as(name)
				.containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
				.containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
			String variable = "KAFKA_" + name.toUpperCase().replace('-', '_') + "_PASSWORD";
			assertThat(environment.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")).as(name)
				.isEqualTo(KafkaDeployment.scramJaas(name, "${" + variable + ":?set " + variable + " in .env}"));
			assertThat(KafkaDeployment.users()).as(name).containsEntry(name, variable);
			assertThat(aclUsers).contains(name);
		}
	}

	@Test
	void runsTheBrokersWithAuthenticationAndAuthorisationOnly() {
		Properties broker = KafkaDeployment.serverProperties();

		assertThat(broker.getProperty("listener.security.protocol.map").split(","))
			.allMatch((listener) -> listener.endsWith(":SASL_PLAINTEXT") || listener.endsWith(":SASL_SSL"));
		assertThat(broker).containsEntry("allow.everyone.if.no.acl.found", "false")
			.containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
			.containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512")
			.containsEntry("super.users", "User:broker;User:controller;User:admin");
		// The services' users get no cluster-wide right, nor any on a resource outside IMS's names.
		List<AclBinding> acls = KafkaDeployment.acls();
		assertThat(acls).isNotEmpty()
			.noneMatch((acl) -> acl.pattern().resourceType() == ResourceType.CLUSTER)
			.noneMatch((acl) -> acl.entry().operation() == AclOperation.ALL)
			.allMatch((acl) -> acl.pattern().name().startsWith("ims") || acl.pattern().name().endsWith("-worker"));
	}

	@Test
	void connectsToMongoWithCredentialsFromVariables() {
		List<String> uris = new ArrayList<>();
		services().values().forEach((service) -> environment(service).values()
			.stream()
			.filter((value) -> value.startsWith("mongodb://"))
			.forEach(uris::add));

		assertThat(uris).hasSize(IMS_SERVICES.size())
			.allMatch((uri) -> uri.matches("mongodb://ims:" + REQUIRED_VARIABLE.pattern() + "@mongo:27017/\\?.*"))
			.allMatch((uri) -> uri.contains("authSource=admin"));
		assertThat(((List<?>) services().get("mongo").get("command")).stream().map(String::valueOf))
			.contains("--keyFile");
	}

	@Test
	void createsTheTopicsTheServicesUse() {
		assertThat(KafkaDeployment.topics()).containsExactlyInAnyOrderElementsOf(Topics.all());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> services() {
		return (Map<String, Map<String, Object>>) this.compose.get("services");
	}

	/** The service's environment, whether written as a map or as a list of NAME=value. */
	private static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		Object declared = service.get("environment");
		if (declared instanceof Map<?, ?> map) {
			map.forEach((name, value) -> environment.put(String.valueOf(name), String.valueOf(value)));
		}
		else if (declared instanceof List<?> list) {
			list.stream().map(String::valueOf).forEach((entry) -> environment
				.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1)));
		}
		return environment;
	}

	/** The service's mounts, source to target (short syntax). */
	private static Map<String, String> volumes(Map<String, Object> service) {
		Map<String, String> volumes = new LinkedHashMap<>();
		List<?> declared = (List<?>) service.get("volumes");
		if (declared != null) {
			declared.stream().map(String::valueOf).forEach((mount) -> {
				String[] parts = mount.split(":");
				volumes.put(parts[0], parts[1]);
			});
		}
		return volumes;
	}

	private static Map<String, Object> load() {
		try {
			return new Yaml().load(Files.readString(COMPOSE));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + COMPOSE, ex);
		}
	}

}
