package cloud.ims.core.compute;

import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a temporary file and removes it on close, so that an exported disk leaves nothing behind once consumed.
 */
final class TemporaryFileInputStream extends FilterInputStream {

	private final Path file;

	TemporaryFileInputStream(Path file) throws IOException {
		super(Files.newInputStream(file));
		this.file = file;
	}

	@Override
	public void close() throws IOException {
		try {
			super.close();
		}
		finally {
			Files.deleteIfExists(this.file);
		}
	}

}
