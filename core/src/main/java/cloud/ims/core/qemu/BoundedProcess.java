package cloud.ims.core.qemu;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one external command with a deadline and an address-space limit. Output goes to temporary files rather than
 * pipes, so a chatty process can never block on a full pipe while we wait for it.
 */
final class BoundedProcess {

	private static final Logger logger = LoggerFactory.getLogger(BoundedProcess.class);

	/** A malicious image can make {@code info} print a lot (thousands of vmdk extents); we never need that much. */
	private static final int MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

	/** How often the progress a process prints is read. */
	static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

	/** The end of the output that holds the last progress qemu-img printed ({@code "    (12.50/100%)\r"}). */
	private static final int PROGRESS_TAIL = 64;

	private static final Pattern PROGRESS = Pattern.compile("\\((\\d{1,3}(?:\\.\\d+)?)/100%\\)");

	private final Duration timeout;

	private final long memoryLimitBytes;

	private final Optional<Path> prlimit;

	/**
	 * @param memoryLimitBytes the address-space limit of each run, applied with {@code prlimit}, or 0 for none
	 * @throws PrlimitMissing when there is a limit but {@code prlimit} is not on the PATH
	 */
	BoundedProcess(Duration timeout, long memoryLimitBytes) {
		this.timeout = timeout;
		this.memoryLimitBytes = memoryLimitBytes;
		this.prlimit = (memoryLimitBytes > 0) ? Optional.of(Prlimit.require(System.getenv("PATH"))) : Optional.empty();
	}

	/**
	 * Runs the command and answers its standard output.
	 * @param operation names the operation in failure messages, e.g. {@code "qemu-img info of 'a.qcow2'"}
	 * @param directories the host directories of the files involved, which failure messages leave out
	 */
	String run(String operation, List<String> command, Collection<Path> directories) throws QemuImgFailed {
		return run(operation, command, directories, null);
	}

	/**
	 * Runs the command as {@link #run(String, List, Collection)} does, reading the progress it prints to its standard
	 * output (qemu-img's {@code -p}: {@code (12.50/100%)}) about every {@link #PROGRESS_INTERVAL} and handing it on
	 * as a fraction. A progress listener that throws stops the process, and its exception is rethrown.
	 */
	String run(String operation, List<String> command, Collection<Path> directories,
			@Nullable DoubleConsumer progress) throws QemuImgFailed {
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
			int exitCode = awaitExit(operation, process, stdout, progress);
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

	private int awaitExit(String operation, Process process, Path stdout, @Nullable DoubleConsumer progress)
			throws QemuImgFailed {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try {
			while (true) {
				long left = deadline - System.nanoTime();
				long wait = (progress != null) ? Math.min(left, PROGRESS_INTERVAL.toNanos()) : left;
				if (left <= 0 || process.waitFor(wait, TimeUnit.NANOSECONDS)) {
					break;
				}
				if (progress != null) {
					report(stdout, progress);
				}
			}
			if (process.isAlive()) {
				kill(process);
				throw new QemuImgTimedOut(operation + " timed out after " + this.timeout);
			}
			if (progress != null && process.exitValue() == 0) {
				report(stdout, progress);
			}
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			kill(process);
			Thread.currentThread().interrupt();
			throw new QemuImgFailed(operation + " was interrupted", ex);
		}
		catch (RuntimeException listenerFailure) {
			kill(process);
			throw listenerFailure;
		}
	}

	/** Hands on the last progress the process printed, if any; its output is a few bytes per percent. */
	private static void report(Path stdout, DoubleConsumer progress) {
		try (FileChannel channel = FileChannel.open(stdout, StandardOpenOption.READ)) {
			long size = channel.size();
			ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size, PROGRESS_TAIL));
			channel.read(tail, size - tail.capacity());
			Matcher matcher = PROGRESS.matcher(new String(tail.array(), 0, tail.position(), StandardCharsets.US_ASCII));
			String last = null;
			while (matcher.find()) {
				last = matcher.group(1);
			}
			if (last != null) {
				progress.accept(Double.parseDouble(last) / 100.0);
			}
		}
		catch (IOException ex) {
			logger.debug("Could not read the progress of a process", ex);
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

}
