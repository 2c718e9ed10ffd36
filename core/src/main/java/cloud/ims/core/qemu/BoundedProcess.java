package cloud.ims.core.qemu;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one external command with a deadline and an address-space limit. Output goes to temporary files rather than
 * pipes, so a chatty process can never block on a full pipe while we wait for it.
 */
final class BoundedProcess {

	private static final Logger logger = LoggerFactory.getLogger(BoundedProcess.class);

	private static final AtomicBoolean reportedMissingPrlimit = new AtomicBoolean();

	/** A malicious image can make {@code info} print a lot (thousands of vmdk extents); we never need that much. */
	private static final int MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

	private final Duration timeout;

	private final long memoryLimitBytes;

	private final Optional<Path> prlimit;

	BoundedProcess(Duration timeout, long memoryLimitBytes) {
		this.timeout = timeout;
		this.memoryLimitBytes = memoryLimitBytes;
		this.prlimit = (memoryLimitBytes > 0) ? findOnPath("prlimit") : Optional.empty();
		if (memoryLimitBytes > 0 && this.prlimit.isEmpty() && reportedMissingPrlimit.compareAndSet(false, true)) {
			logger.debug("prlimit not found on PATH; qemu-img runs without a memory limit");
		}
	}

	/**
	 * Runs the command and answers its standard output.
	 * @param operation names the operation in failure messages, e.g. {@code "qemu-img info of 'a.qcow2'"}
	 * @param directories the host directories of the files involved, which failure messages leave out
	 */
	String run(String operation, List<String> command, Collection<Path> directories) throws QemuImgFailed {
		Path stdout = null;
		Path stderr = null;
		try {
			stdout = Files.createTempFile("qemu-img-", ".out");
			stderr = Files.createTempFile("qemu-img-", ".err");
			ProcessBuilder builder = new ProcessBuilder(limited(command)).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
				.redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile());
			logger.debug("Running {}", operation);
			Process process = builder.start();
			int exitCode = awaitExit(operation, process);
			if (exitCode != 0) {
				throw new QemuImgFailed(operation + " failed: " + HostPaths.lastLine(read(stderr), directories));
			}
			return read(stdout);
		}
		catch (QemuImgFailed ex) {
			throw ex;
		}
		catch (IOException ex) {
			throw new QemuImgFailed(operation + " could not run: " + HostPaths.strip(String.valueOf(ex.getMessage()), directories),
					ex);
		}
		finally {
			deleteQuietly(stdout);
			deleteQuietly(stderr);
		}
	}

	private int awaitExit(String operation, Process process) throws QemuImgFailed {
		try {
			if (!process.waitFor(this.timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				kill(process);
				throw new QemuImgTimedOut(operation + " timed out after " + this.timeout);
			}
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			kill(process);
			Thread.currentThread().interrupt();
			throw new QemuImgFailed(operation + " was interrupted", ex);
		}
	}

	private static void kill(Process process) {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private List<String> limited(List<String> command) {
		if (this.prlimit.isEmpty()) {
			return command;
		}
		List<String> limited = new ArrayList<>();
		limited.add(this.prlimit.get().toString());
		limited.add("--as=" + this.memoryLimitBytes);
		limited.add("--");
		limited.addAll(command);
		return limited;
	}

	private static String read(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			byte[] bytes = in.readNBytes(MAX_OUTPUT_BYTES + 1);
			if (bytes.length > MAX_OUTPUT_BYTES) {
				throw new QemuImgFailed("qemu-img printed more than " + MAX_OUTPUT_BYTES + " bytes");
			}
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	private static File nullFile() {
		return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
	}

	private static void deleteQuietly(@Nullable Path file) {
		if (file == null) {
			return;
		}
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.warn("Could not delete temporary file {}", file, ex);
		}
	}

	private static Optional<Path> findOnPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (directory.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(directory, name);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
