package cloud.ims.standalone;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the three services of an {@link ImsStack} keep their data and find their infrastructure.
 *
 * @param dataDir root of all local state (images, simulated disks, keys, certificate)
 * @param port HTTPS port of the api-gateway, 0 for a free one
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param mongoUri MongoDB connection string
 * @param extraArguments further Spring Boot arguments ({@code --name=value}) for all three, overriding the defaults
 */
public record StackSettings(Path dataDir, int port, String bootstrapServers, String mongoUri,
		List<String> extraArguments) {

	public StackSettings {
		dataDir = dataDir.toAbsolutePath().normalize();
		extraArguments = List.copyOf(extraArguments);
	}

	public StackSettings(Path dataDir, int port, String bootstrapServers, String mongoUri) {
		this(dataDir, port, bootstrapServers, mongoUri, List.of());
	}
}
