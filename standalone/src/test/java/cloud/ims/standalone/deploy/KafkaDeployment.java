package cloud.ims.standalone.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import cloud.ims.schemas.TopicSpec;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka files of the docker-compose deployment, read as deploy/kafka/node.sh and deploy/kafka/init.sh read them:
 * the nodes' shared settings, the SCRAM users, the topics and the ACLs.
 */
final class KafkaDeployment {

	static final Path DIRECTORY = Path.of("..", "deploy", "kafka");

	private KafkaDeployment() {
	}

	/** deploy/kafka/server.properties. */
	static Properties serverProperties() {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(DIRECTORY.resolve("server.properties"))) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

	/** deploy/kafka/users: each SCRAM user and the variable of .env that holds its password. */
	static Map<String, String> users() {
		Map<String, String> users = new LinkedHashMap<>();
		rows("users").forEach((row) -> users.put(row[0], row[1]));
		return users;
	}

	/** deploy/kafka/topics.txt. */
	static List<TopicSpec> topics() {
		return rows("topics.txt").stream().map((row) -> new TopicSpec(row[0], Integer.parseInt(row[1]))).toList();
	}

	/** deploy/kafka/acls.txt, one binding per operation of each line, for any host (as kafka-acls.sh adds them). */
	static List<AclBinding> acls() {
		return rows("acls.txt").stream()
			.flatMap((row) -> Arrays.stream(row[4].split(","))
				.map((operation) -> new AclBinding(
						new ResourcePattern(ResourceType.fromString(row[1].toUpperCase(Locale.ROOT)), row[3],
								PatternType.fromString(row[2].toUpperCase(Locale.ROOT))),
						new AccessControlEntry("User:" + row[0], "*", AclOperation.fromString(operation),
								AclPermissionType.ALLOW))))
			.toList();
	}

	/** The JAAS setting of a SCRAM client, as docker-compose.yml gives each service its own. */
	static String scramJaas(String user, String password) {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
				+ password + "\";";
	}

	/** The lines of a file that are neither blank nor comments, split on blanks. */
	private static List<String[]> rows(String file) {
		try {
			return Files.readAllLines(DIRECTORY.resolve(file))
				.stream()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.map((line) -> line.split("\\s+"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
