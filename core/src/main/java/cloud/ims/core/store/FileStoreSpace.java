package cloud.ims.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The usable space of the file system a directory is on, as {@link java.nio.file.FileStore} reports it (the
 * {@code statvfs} of the directory, which counts blocks reserved for root as used).
 */
public final class FileStoreSpace implements StoreSpace {

	private final Path directory;

	public FileStoreSpace(Path directory) {
		this.directory = directory;
	}

	@Override
	public long usableBytes() throws IOException {
		Files.createDirectories(this.directory);
		return Files.getFileStore(this.directory).getUsableSpace();
	}

}
