package cloud.ims.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The image data port: incoming bytes are staged while hashed, converted in a work area, then published under the
 * image id in one atomic step, so a reader never sees a half-written image. Exports are published the same way, under
 * their job's id, and kept until a sweep removes them. Image ids are canonical UUIDs; anything
 * else is rejected with an {@link IllegalArgumentException}.
 */
public interface ImageStore {

	/**
	 * Streams {@code source} into a new staging file, computing its digests on the way.
	 * @param name a hint for the staging file's name, e.g. the upload's file name
	 * @param maxBytes the most bytes accepted; beyond it {@link ImageTooLarge} is thrown and nothing is left behind
	 * @param progress receives the number of bytes copied so far, about once per MiB
	 */
	StagedFile stage(String name, InputStream source, long maxBytes, LongConsumer progress) throws IOException;

	/**
	 * Opens a new staging file that the caller pushes bytes into, hashed on the way; for sources that deliver
	 * buffers (network streams) rather than an {@link InputStream}.
	 */
	StagingSink openStaging(String name, long maxBytes) throws IOException;

	/** A file of the staging area by its file name, as another process staged it (an upload received elsewhere). */
	Path stagedFile(String fileName);

	/** A fresh, not yet existing path in the work area, on the same filesystem as the published images. */
	Path newWorkFile(String name);

	Digests digest(Path file) throws IOException;

	/**
	 * Publishes a staging or work file as the data of {@code imageId}, atomically, replacing earlier data of that
	 * image. The file is moved, not copied.
	 */
	StoredObject put(String imageId, Path file) throws IOException;

	/**
	 * Makes the data of {@code sourceImageId} the data of {@code targetImageId} too, without copying a byte: both
	 * images name one stored object, which stays until the last image that names it is deleted ({@link #delete}
	 * removes one image's name). Idempotent: a target that has data already keeps it.
	 * @throws java.nio.file.NoSuchFileException when the source has no data (it was deleted meanwhile)
	 */
	StoredObject share(String sourceImageId, String targetImageId) throws IOException;

	Optional<StoredObject> find(String imageId);

	/** Reads the image's data from {@code offset} on; fails with a {@link java.nio.file.NoSuchFileException} when there is none. */
	InputStream open(String imageId, long offset) throws IOException;

	/**
	 * Removes the image's data, or only the image's name for it while other images share it ({@link #share});
	 * answers whether the image had any.
	 */
	boolean delete(String imageId) throws IOException;

	/**
	 * Removes the staging and work files an earlier, interrupted attempt at the image (or at the export of that id)
	 * left behind (a crashed worker), except those named in {@code keep}.
	 */
	void discardLeftovers(String imageId, Set<Path> keep);

	/** Removes a staging or work file, logging rather than failing if that is not possible. */
	void discard(Path stagingOrWorkFile);

	/** The published file itself, for tools such as qemu-img that need a path. */
	Optional<Path> localPath(String imageId);

	/**
	 * Publishes a work file as the file of the export {@code exportId} (its job's id), named {@code fileName},
	 * atomically and flushed to disk, replacing what an earlier attempt published. The file is moved, not copied.
	 */
	StoredExport putExport(String exportId, String fileName, Path file) throws IOException;

	/**
	 * Publishes the image's data as the file of an export without copying a byte, as {@link #share} does (a quick
	 * export, which hands the data out as stored).
	 * @throws java.nio.file.NoSuchFileException when the image has no data
	 */
	StoredExport shareAsExport(String imageId, String exportId, String fileName) throws IOException;

	Optional<StoredExport> findExport(String exportId);

	/** Removes every export published before {@code cutoff}; answers how many. */
	default int removeExportsPublishedBefore(Instant cutoff) {
		return removeExportsKeptSince(cutoff).size();
	}

	/**
	 * Removes every export published before {@code cutoff} and answers the ids of those this call removed: of
	 * several processes sweeping at once, one removes each export, so that what it held is given back once.
	 */
	List<String> removeExportsKeptSince(Instant cutoff);

}
