package cloud.ims.core.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code qemu-img} tool: learns an image's real format and size, converts between formats and creates disks.
 * Every run is bounded by a timeout and a memory limit, because the images are untrusted and a crafted one must not
 * hang or exhaust a worker. Formats are always given explicitly, so qemu-img never guesses a format from a file's
 * content: {@link #info} names the format {@link DiskFormatSniffer} reads from the file's header.
 */
public final class QemuImg {

	private static final Logger logger = LoggerFactory.getLogger(QemuImg.class);

	private static final Pattern FORMAT = Pattern.compile("[a-z0-9]+");

	private final String executable;

	private final BoundedProcess process;

	/**
	 * @param executable the qemu-img command, a name on the PATH or a path
	 * @param timeout how long one run may take before it is killed
	 * @param memoryLimitBytes the address-space limit of one run, or 0 for none
	 * @throws PrlimitMissing when there is a limit but {@code prlimit}, which applies it, is not on the PATH
	 */
	public QemuImg(String executable, Duration timeout, long memoryLimitBytes) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive");
		}
		this.executable = executable;
		this.process = new BoundedProcess(timeout, memoryLimitBytes);
	}

	/**
	 * Inspects an image in the format its header shows ({@link DiskFormatSniffer}), given to qemu-img with
	 * {@code -f}. Does not follow backing files; check {@link DiskImageInfo#referencesOtherFiles()} before converting
	 * an untrusted image.
	 */
	public DiskImageInfo info(Path file) throws QemuImgFailed {
		Path absolute = file.toAbsolutePath().normalize();
		String format;
		try {
			format = DiskFormatSniffer.formatOf(absolute);
		}
		catch (NoSuchFileException ex) {
			throw new QemuImgFailed(describe("info", file) + " failed: No such file or directory");
		}
		catch (IOException ex) {
			throw new QemuImgFailed(describe("info", file) + " failed: cannot read its header: "
					+ HostPaths.strip(String.valueOf(ex.getMessage()), directories(file)), ex);
		}
		String json = this.process.run(describe("info", file), List.of(this.executable, "info", "-f", format,
				"--output=json", "-U", absolute.toString()), directories(file));
		return DiskImageInfoParser.parse(json, absolute);
	}

	/**
	 * Checks the structure of an image read strictly as {@code format} (for a vmdk: every grain lies within the file),
	 * without reading its data.
	 * @throws QemuImgFailed when qemu-img finds the image damaged, or cannot check it
	 */
	public void check(Path file, String format) throws QemuImgFailed {
		this.process.run(describe("check", file), List.of(this.executable, "check", "-q", "-f", checkFormat(format),
				absolute(file)), directories(file));
	}

	/**
	 * Converts {@code source}, read strictly as {@code sourceFormat}, into a new {@code target} file. A partial target
	 * is removed on failure.
	 * @param targetOptions format options, e.g. {@code subformat=streamOptimized}
	 */
	public void convert(Path source, String sourceFormat, Path target, String targetFormat, List<String> targetOptions)
			throws QemuImgFailed {
		convert(source, sourceFormat, target, targetFormat, targetOptions, null);
	}

	/**
	 * Converts as {@link #convert(Path, String, Path, String, List)} does, handing the fraction done to
	 * {@code progress} about twice a second ({@code qemu-img convert -p}). A listener that throws stops the conversion:
	 * the partial target is removed and the listener's exception rethrown.
	 */
	public void convert(Path source, String sourceFormat, Path target, String targetFormat, List<String> targetOptions,
			@Nullable DoubleConsumer progress) throws QemuImgFailed {
		List<String> command = new ArrayList<>(List.of(this.executable, "convert"));
		if (progress != null) {
			command.add("-p");
		}
		command.addAll(List.of("-f", checkFormat(sourceFormat), "-O", checkFormat(targetFormat)));
		if (!targetOptions.isEmpty()) {
			command.add("-o");
			command.add(String.join(",", targetOptions));
		}
		command.add(absolute(source));
		command.add(absolute(target));
		runProducing(target, describe("convert", source), command, directories(source, target), progress);
	}

	/**
	 * Creates a qcow2 overlay that reads unwritten clusters from {@code backingFile}; the backing file is recorded by
	 * its absolute path.
	 */
	public void createOverlay(Path overlay, Path backingFile, String backingFormat, long sizeBytes)
			throws QemuImgFailed {
		runProducing(overlay, describe("create", overlay),
				List.of(this.executable, "create", "-q", "-f", "qcow2", "-b", absolute(backingFile), "-F",
						checkFormat(backingFormat), absolute(overlay), Long.toString(checkSize(sizeBytes))),
				directories(overlay, backingFile));
	}

	/** Creates an empty disk image. */
	public void create(Path file, String format, long sizeBytes) throws QemuImgFailed {
		runProducing(file, describe("create", file), List.of(this.executable, "create", "-q", "-f",
				checkFormat(format), absolute(file), Long.toString(checkSize(sizeBytes))), directories(file));
	}

	private void runProducing(Path output, String operation, List<String> command, Set<Path> directories)
			throws QemuImgFailed {
		runProducing(output, operation, command, directories, null);
	}

	private void runProducing(Path output, String operation, List<String> command, Set<Path> directories,
			@Nullable DoubleConsumer progress) throws QemuImgFailed {
		try {
			this.process.run(operation, command, directories, progress);
		}
		catch (QemuImgFailed | RuntimeException ex) {
			try {
				Files.deleteIfExists(output);
			}
			catch (IOException deleteFailure) {
				logger.warn("Could not remove the partial output of {}", operation, deleteFailure);
			}
			throw ex;
		}
	}

	private static String describe(String operation, Path file) {
		return "qemu-img " + operation + " of '" + file.getFileName() + "'";
	}

	private static Set<Path> directories(Path... files) {
		Set<Path> directories = new LinkedHashSet<>();
		for (Path file : files) {
			Path parent = file.toAbsolutePath().normalize().getParent();
			if (parent != null) {
				directories.add(parent);
			}
		}
		return directories;
	}

	private static String absolute(Path file) {
		// An absolute path starts with '/', so qemu-img never reads a name like "nbd:..." as a protocol.
		return file.toAbsolutePath().normalize().toString();
	}

	private static String checkFormat(String format) {
		if (!FORMAT.matcher(format).matches()) {
			throw new IllegalArgumentException("not a disk image format: " + format);
		}
		return format;
	}

	private static long checkSize(long sizeBytes) {
		if (sizeBytes <= 0) {
			throw new IllegalArgumentException("size must be positive");
		}
		return sizeBytes;
	}

}
