package cloud.ims.core.compute.simulated;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The ECS records of the simulated service, one JSON file per ECS. Each file is replaced atomically, so readers in
 * any process see a whole record without taking a lock.
 */
final class Inventory {

	private static final ObjectMapper mapper = new ObjectMapper();

	private static final ObjectWriter writer = mapper.writerWithDefaultPrettyPrinter();

	private final Path directory;

	Inventory(Path directory) {
		this.directory = directory;
	}

	Optional<InventoryEntry> read(String serverId) throws IOException {
		try {
			return Optional.of(mapper.readValue(Files.readAllBytes(file(serverId)), InventoryEntry.class));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
	}

	void write(InventoryEntry entry) throws IOException {
		Path temporary = Files.createTempFile(this.directory, entry.serverId() + "-", ".tmp");
		try {
			ByteBuffer bytes = ByteBuffer.wrap(writer.writeValueAsBytes(entry));
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
				channel.force(true);
			}
			Files.move(temporary, file(entry.serverId()), StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	void delete(String serverId) throws IOException {
		Files.deleteIfExists(file(serverId));
	}

	List<InventoryEntry> list() throws IOException {
		List<InventoryEntry> entries = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory, "*.json")) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				read(name.substring(0, name.length() - ".json".length())).ifPresent(entries::add);
			}
		}
		return entries;
	}

	private Path file(String serverId) {
		return this.directory.resolve(serverId + ".json");
	}

}
