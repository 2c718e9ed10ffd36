package cloud.ims.core.compute;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A standalone copy of an ECS's system disk, to be read once and closed. The driver may back it with a temporary
 * file that closing removes, so always close it.
 *
 * @param format the disk format of {@code data}, e.g. {@code qcow2}
 * @param size the length of {@code data} in bytes
 */
public record ExportedDisk(InputStream data, String format, long size) implements Closeable {

	/** A disk exported into a temporary file of the driver's, which closing the disk removes. */
	public static ExportedDisk ofTemporaryFile(Path file, String format) throws IOException {
		return new ExportedDisk(new TemporaryFileInputStream(file), format, Files.size(file));
	}

	@Override
	public void close() throws IOException {
		this.data.close();
	}

}
