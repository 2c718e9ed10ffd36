package cloud.ims.core.compute.simulated;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import cloud.ims.core.compute.DriverFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base disks that ECS disks are linked clones of, one per image. The service keeps its own name for each base
 * (a hard link where possible, else a copy) so that deleting the image later never breaks an existing ECS, as a
 * VMware linked clone keeps its base snapshot. Bases are not removed, since any ECS of any replica may still use one.
 */
final class Templates {

	private static final Logger logger = LoggerFactory.getLogger(Templates.class);

	private final Path directory;

	Templates(Path directory) {
		this.directory = directory;
	}

	/** The base disk of the image, taken from {@code imageFile} on first use. */
	Path ensure(String imageId, String format, Path imageFile) throws IOException {
		Path template = this.directory.resolve(imageId + "." + format);
		if (Files.isRegularFile(template)) {
			return template;
		}
		if (!Files.isRegularFile(imageFile) || !Files.isReadable(imageFile)) {
			throw new DriverFailure("The data of image " + imageId + " is not readable");
		}
		try {
			Files.createLink(template, imageFile);
		}
		catch (FileAlreadyExistsException ex) {
			// Another create of the same image got there first; its base is the same bytes.
		}
		catch (NoSuchFileException ex) {
			throw new DriverFailure("The data of image " + imageId + " is not readable", ex);
		}
		catch (IOException | UnsupportedOperationException ex) {
			logger.debug("Cannot hard-link the data of image {}, copying it instead", imageId, ex);
			copy(imageFile, template);
		}
		return template;
	}

	private void copy(Path imageFile, Path template) throws IOException {
		Path temporary = Files.createTempFile(this.directory, template.getFileName() + "-", ".tmp");
		try {
			Files.copy(imageFile, temporary, StandardCopyOption.REPLACE_EXISTING);
			Files.move(temporary, template, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

}
