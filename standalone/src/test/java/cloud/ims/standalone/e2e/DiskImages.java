package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Real disk images made with {@code qemu-img} in a test's temporary directory, good and bad, all holding the same
 * recognisable content so that what the cloud stored can be compared with what was sent.
 */
final class DiskImages {

	static final int RAW_SIZE = 1024 * 1024;

	private final Path directory;

	private final Path raw;

	DiskImages(Path directory) {
		this.directory = directory;
		this.raw = directory.resolve("disk.raw");
		write(this.raw, partitionedDisk());
	}

	/** A raw disk with an MBR signature (0x55AA at 510) and random data after it. */
	Path raw() {
		return this.raw;
	}

	Path qcow2() {
		return converted("qcow2", "disk.qcow2");
	}

	Path vmdk() {
		return converted("vmdk", "disk.vmdk");
	}

	/** A VMDK already in the platform's subformat. */
	Path streamOptimizedVmdk() {
		Path file = this.directory.resolve("stream.vmdk");
		if (!Files.exists(file)) {
			qemuImg("convert", "-f", "raw", "-O", "vmdk", "-o", "subformat=streamOptimized", this.raw.toString(),
					file.toString());
		}
		return file;
	}

	/** The first half of a streamOptimized VMDK: its header reads, and its grain tables point past its end. */
	Path streamOptimizedVmdkCutShort() throws IOException {
		byte[] whole = Files.readAllBytes(streamOptimizedVmdk());
		return write(this.directory.resolve("cut-short.vmdk"), Arrays.copyOf(whole, whole.length / 2));
	}

	/** A VHD, which qemu-img calls vpc. */
	Path vhd() {
		return converted("vpc", "disk.vhd");
	}

	/** A CD image: the ISO 9660 volume descriptor at 0x8001, and random data beyond it. */
	Path iso() {
		byte[] bytes = new byte[96 * 1024];
		bytes[0x8000] = 1;
		System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0x8001, 5);
		byte[] rest = new byte[bytes.length - 0x8800];
		new Random(9660).nextBytes(rest);
		System.arraycopy(rest, 0, bytes, 0x8800, rest.length);
		return write(this.directory.resolve("cd.iso"), bytes);
	}

	/** An empty qcow2 whose disk is {@code size} bytes, e.g. larger than a min_disk allows. */
	Path emptyQcow2(String size) {
		Path file = this.directory.resolve("empty-" + size + ".qcow2");
		qemuImg("create", "-q", "-f", "qcow2", file.toString(), size);
		return file;
	}

	/** A qcow2 overlay that reads from a backing file on the importing host. */
	Path qcow2WithBackingFile() {
		Path file = this.directory.resolve("overlay.qcow2");
		qemuImg("create", "-q", "-f", "qcow2", "-F", "raw", "-b", this.raw.toString(), file.toString(), "1M");
		return file;
	}

	/** A qcow2 that keeps its data in an external data file on the importing host. */
	Path qcow2WithDataFile() {
		Path file = this.directory.resolve("data-file.qcow2");
		// A fresh data file: qemu-img create initialises it.
		qemuImg("create", "-q", "-f", "qcow2", "-o", "data_file=" + this.directory.resolve("data-file.raw")
				+ ",data_file_raw=on", file.toString(), "1M");
		return file;
	}

	/** A VMDK descriptor whose only extent is another file on the importing host. */
	Path vmdkWithExternalExtent() {
		String descriptor = """
				# Disk DescriptorFile
				version=1
				CID=fffffffe
				parentCID=ffffffff
				createType="monolithicFlat"

				# Extent description
				RW %d FLAT "%s" 0

				ddb.virtualHWVersion = "4"
				""".formatted(RAW_SIZE / 512, this.raw);
		return write(this.directory.resolve("external.vmdk"), descriptor.getBytes(StandardCharsets.US_ASCII));
	}

	Path text() {
		return write(this.directory.resolve("readme.txt"),
				"This is a text file, not a disk image.\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * A qcow2 that qemu-img can inspect but not convert: its first L1 entry points at an unaligned L2 table, which
	 * qemu-img reports as corruption when it reads the data.
	 */
	Path qcow2ThatCannotBeConverted() {
		Path file = this.directory.resolve("broken.qcow2");
		qemuImg("convert", "-f", "raw", "-O", "qcow2", this.raw.toString(), file.toString());
		try {
			byte[] bytes = Files.readAllBytes(file);
			ByteBuffer header = ByteBuffer.wrap(bytes);
			int l1Table = (int) header.getLong(40);
			header.putLong(l1Table, header.getLong(l1Table) | 0x200);
			return write(file, bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Answers whether the two images hold the same disk content, by {@code qemu-img compare}. */
	static boolean sameContent(Path first, String firstFormat, Path second, String secondFormat) {
		return run(List.of("qemu-img", "compare", "-q", "-f", firstFormat, "-F", secondFormat, first.toString(),
				second.toString())).exitCode() == 0;
	}

	/** The {@code qemu-img info --output=json} of an image. */
	static String info(Path file) {
		Result result = run(List.of("qemu-img", "info", "-U", "--output=json", file.toString()));
		if (result.exitCode() != 0) {
			throw new IllegalStateException("qemu-img info of " + file + " failed with " + result.exitCode());
		}
		return result.stdout();
	}

	private Path converted(String format, String name) {
		Path file = this.directory.resolve(name);
		if (!Files.exists(file)) {
			qemuImg("convert", "-f", "raw", "-O", format, this.raw.toString(), file.toString());
		}
		return file;
	}

	private static byte[] partitionedDisk() {
		byte[] bytes = new byte[RAW_SIZE];
		byte[] data = new byte[RAW_SIZE / 2];
		new Random(42).nextBytes(data);
		System.arraycopy(data, 0, bytes, 4096, data.length);
		bytes[510] = 0x55;
		bytes[511] = (byte) 0xaa;
		return bytes;
	}

	private static void qemuImg(String... arguments) {
		List<String> command = new ArrayList<>(List.of("qemu-img"));
		command.addAll(List.of(arguments));
		int exit = run(command).exitCode();
		if (exit != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed with " + exit);
		}
	}

	private static Result run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
			String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within 60 s");
			}
			return new Result(process.exitValue(), stdout);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Path write(Path file, byte[] bytes) {
		try {
			return Files.write(file, bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Result(int exitCode, String stdout) {
	}

}
