package cloud.ims.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cloud.ims.core.common.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps image data as plain files under one root: {@code objects/<imageId>} for published images, {@code staging/}
 * for incoming bytes and {@code work/} for conversion output. All three share one filesystem, so publishing is a
 * rename and readers see either the old data or the complete new data. Images that share data (copies) are hard
 * links to one file: the file system counts the names, and the bytes go with the last one (ADR 33). Each export is a
 * directory {@code exports/<exportId>/} holding its one file; the directory's modification time is when the file was
 * published, which the retention sweep goes by.
 */
public final class FilesystemImageStore implements ImageStore {

	private static final Logger logger = LoggerFactory.getLogger(FilesystemImageStore.class);

	private static final int MAX_NAME_HINT = 64;

	private final Path objects;

	private final Path staging;

	private final Path work;

	private final Path exports;

	public FilesystemImageStore(Path root) {
		Path absoluteRoot = root.toAbsolutePath().normalize();
		this.objects = absoluteRoot.resolve("objects");
		this.staging = absoluteRoot.resolve("staging");
		this.work = absoluteRoot.resolve("work");
		this.exports = absoluteRoot.resolve("exports");
		try {
			Files.createDirectories(this.objects);
			Files.createDirectories(this.staging);
			Files.createDirectories(this.work);
			Files.createDirectories(this.exports);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the image store under " + absoluteRoot, ex);
		}
	}

	@Override
	public StagedFile stage(String name, InputStream source, long maxBytes, LongConsumer progress) throws IOException {
		Path file = Files.createTempFile(this.staging, safe(name) + "-", ".part");
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			OutputStream target = Channels.newOutputStream(channel);
			Digests digests = HashingCopy.copy(source, target, maxBytes, progress);
			channel.force(false);
			return new StagedFile(file, digests);
		}
		catch (IOException | RuntimeException ex) {
			discard(file);
			throw ex;
		}
	}

	@Override
	public StagingSink openStaging(String name, long maxBytes) throws IOException {
		Path file = Files.createTempFile(this.staging, safe(name) + "-", ".part");
		try {
			return new StagingSink(file, StagingAppender.open(file), maxBytes);
		}
		catch (IOException ex) {
			discard(file);
			throw ex;
		}
	}

	@Override
	public Path stagedFile(String fileName) {
		Path file = this.staging.resolve(fileName).normalize();
		if (!file.getParent().equals(this.staging)) {
			throw new IllegalArgumentException("Not a staging file name: " + abbreviate(fileName));
		}
		return file;
	}

	@Override
	public Path newWorkFile(String name) {
		return this.work.resolve(UUID.randomUUID() + "-" + safe(name));
	}

	@Override
	public Digests digest(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return HashingCopy.copy(in, OutputStream.nullOutputStream(), Long.MAX_VALUE, (copied) -> {
			});
		}
	}

	@Override
	public StoredObject put(String imageId, Path file) throws IOException {
		Path target = objectPath(imageId);
		// An image goes active once it is stored, so its bytes and its name must survive a crash of the host:
		// qemu-img convert leaves its output unflushed in the page cache (hundreds of MiB of it were still dirty
		// seconds after a conversion of 2 GiB ended), and a rename is durable only once its directory is flushed.
		force(file);
		Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
		force(this.objects);
		return new StoredObject(imageId, target, Files.size(target));
	}

	private static void force(Path fileOrDirectory) throws IOException {
		try (FileChannel channel = FileChannel.open(fileOrDirectory, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

	@Override
	public StoredObject share(String sourceImageId, String targetImageId) throws IOException {
		Path source = objectPath(sourceImageId);
		Path target = objectPath(targetImageId);
		try {
			// One atomic step of the file system: it fails when the source's name is gone, so a copy can never name
			// data whose last image was just deleted.
			Files.createLink(target, source);
		}
		catch (FileAlreadyExistsException ex) {
			// An earlier attempt of the same copy linked it already.
		}
		force(this.objects);
		return new StoredObject(targetImageId, target, Files.size(target));
	}

	@Override
	public Optional<StoredObject> find(String imageId) {
		Path target = objectPath(imageId);
		try {
			return Optional.of(new StoredObject(imageId, target, Files.size(target)));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the data of image " + imageId, ex);
		}
	}

	@Override
	public InputStream open(String imageId, long offset) throws IOException {
		if (offset < 0) {
			throw new IllegalArgumentException("offset must not be negative");
		}
		FileChannel channel;
		try {
			channel = FileChannel.open(objectPath(imageId), StandardOpenOption.READ);
		}
		catch (NoSuchFileException ex) {
			throw new NoSuchFileException(imageId, null, "no data stored for this image");
		}
		try {
			channel.position(offset);
			return Channels.newInputStream(channel);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
	}

	@Override
	public boolean delete(String imageId) throws IOException {
		return Files.deleteIfExists(objectPath(imageId));
	}

	@Override
	public void discardLeftovers(String imageId, Set<Path> keep) {
		String id = safe(imageId);
		Set<Path> kept = keep.stream().map((path) -> path.toAbsolutePath().normalize()).collect(Collectors.toSet());
		for (Path area : List.of(this.staging, this.work)) {
			try (Stream<Path> files = Files.list(area)) {
				files.filter((file) -> {
					String name = file.getFileName().toString();
					return name.startsWith(id + "-") || name.contains("-" + id + ".");
				}).filter((file) -> !kept.contains(file.toAbsolutePath().normalize())).forEach(this::discard);
			}
			catch (IOException ex) {
				logger.warn("Could not look for leftovers of image {} in {}", imageId, area, ex);
			}
		}
	}

	@Override
	public void discard(Path stagingOrWorkFile) {
		Path file = stagingOrWorkFile.toAbsolutePath().normalize();
		if (!file.startsWith(this.staging) && !file.startsWith(this.work)) {
			logger.warn("Not discarding {}: it is outside the staging and work areas", file);
			return;
		}
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.warn("Could not discard {}", file, ex);
		}
	}

	@Override
	public Optional<Path> localPath(String imageId) {
		Path target = objectPath(imageId);
		return Files.isRegularFile(target) ? Optional.of(target) : Optional.empty();
	}

	@Override
	public StoredExport putExport(String exportId, String fileName, Path file) throws IOException {
		Path directory = exportDirectory(exportId);
		Path target = directory.resolve(safe(fileName));
		force(file);
		Files.createDirectories(directory);
		Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
		force(directory);
		force(this.exports);
		return export(exportId, target);
	}

	@Override
	public StoredExport shareAsExport(String imageId, String exportId, String fileName) throws IOException {
		Path directory = exportDirectory(exportId);
		Path target = directory.resolve(safe(fileName));
		Files.createDirectories(directory);
		try {
			Files.createLink(target, objectPath(imageId));
		}
		catch (FileAlreadyExistsException ex) {
			// An earlier attempt of the same export published it already.
		}
		force(directory);
		force(this.exports);
		return export(exportId, target);
	}

	@Override
	public Optional<StoredExport> findExport(String exportId) {
		Path directory = exportDirectory(exportId);
		try (Stream<Path> files = Files.list(directory)) {
			Optional<Path> file = files.filter(Files::isRegularFile).findFirst();
			return file.isPresent() ? Optional.of(export(exportId, file.get())) : Optional.empty();
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read export " + exportId, ex);
		}
	}

	@Override
	public List<String> removeExportsKeptSince(Instant cutoff) {
		List<String> removed = new ArrayList<>();
		try (Stream<Path> directories = Files.list(this.exports)) {
			for (Path directory : directories.filter(Files::isDirectory).toList()) {
				if (Files.getLastModifiedTime(directory).toInstant().isBefore(cutoff) && removeTree(directory)) {
					removed.add(directory.getFileName().toString());
				}
			}
		}
		catch (IOException ex) {
			logger.warn("Could not look for expired exports in {}", this.exports, ex);
		}
		return removed;
	}

	private boolean removeTree(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			return Files.deleteIfExists(directory);
		}
		catch (IOException ex) {
			logger.warn("Could not remove export {}", directory.getFileName(), ex);
			return false;
		}
	}

	private StoredExport export(String exportId, Path file) throws IOException {
		return new StoredExport(exportId, file, Files.size(file),
				Files.getLastModifiedTime(file.getParent()).toInstant());
	}

	private Path exportDirectory(String exportId) {
		if (!Ids.isWellFormed(exportId)) {
			throw new IllegalArgumentException("Not an export id: " + abbreviate(exportId));
		}
		return this.exports.resolve(exportId);
	}

	private Path objectPath(String imageId) {
		if (!Ids.isWellFormed(imageId)) {
			throw new IllegalArgumentException("Not an image id: " + abbreviate(imageId));
		}
		return this.objects.resolve(imageId);
	}

	/** Keeps a caller's name hint readable in the file name without letting it choose a directory. */
	private static String safe(String name) {
		String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
		if (safe.isEmpty()) {
			return "image";
		}
		return (safe.length() > MAX_NAME_HINT) ? safe.substring(safe.length() - MAX_NAME_HINT) : safe;
	}

	private static String abbreviate(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

}
