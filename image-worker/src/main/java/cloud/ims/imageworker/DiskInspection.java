package cloud.ims.imageworker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import cloud.ims.core.qemu.DiskImageInfo;
import org.jspecify.annotations.Nullable;

/**
 * Decides what an untrusted file really is before anything converts it: its real disk format (qemu-img's probe,
 * plus the signatures that tell an ISO or a partitioned disk from arbitrary bytes), and whether it is acceptable:
 * a supported format, the one the user declared, no references to other files, a virtual size within min_disk.
 */
final class DiskInspection {

	private static final Map<String, String> FORMATS = Map.of("qcow2", "qcow2", "vmdk", "vmdk", "vpc", "vhd", "vhdx",
			"vhdx", "raw", "raw");

	private static final long GIB = 1024L * 1024 * 1024;

	private DiskInspection() {
	}

	/** The file's real format in the API's names (vhd, not qemu's vpc; iso for CD images). */
	static String realFormat(Path file, DiskImageInfo info, @Nullable String declared) throws IOException {
		String format = FORMATS.get(info.format());
		if (format == null) {
			throw new ImportFailed("IMG.0412", "The file is a " + info.format() + " image, which this cloud does not "
					+ "take. Convert it to vmdk, qcow2, vhd, vhdx, raw or iso first.");
		}
		if (!format.equals("raw")) {
			return format;
		}
		if (hasSignature(file, 0x8001, "CD001")) {
			return "iso";
		}
		if ("raw".equals(declared) || hasSignature(file, 510, "\u0055\u00aa") || hasSignature(file, 512, "EFI PART")) {
			return "raw";
		}
		throw new ImportFailed("IMG.0412", "The file is not a disk image: it is in no disk format and has no partition "
				+ "table. Check that the URL or upload is the image file itself" + ((declared == null) ? ""
						: ", or declare disk_format raw if it really is a raw disk") + ".");
	}

	static void requireAcceptable(String realFormat, DiskImageInfo info, @Nullable String declared,
			@Nullable Integer minDisk) {
		if (declared != null && !declared.equals(realFormat)) {
			throw new ImportFailed("IMG.0413", "The file is in " + realFormat + " format, not " + declared
					+ " as declared. Declare disk_format " + realFormat + ", or leave it out.");
		}
		if (info.referencesOtherFiles()) {
			throw new ImportFailed("IMG.0410", "The image refers to other files (a backing file, a data file or external "
					+ "extents), which an import may not read. Flatten it into a standalone image first, e.g. with "
					+ "qemu-img convert.");
		}
		if (minDisk != null && minDisk > 0 && info.virtualSize() > minDisk * GIB) {
			throw new ImportFailed("IMG.0415", "The image's virtual size is " + info.virtualSize() + " bytes ("
					+ ((info.virtualSize() + GIB - 1) / GIB) + " GB), more than min_disk " + minDisk
					+ " GB allows. Give a min_disk of at least that size.");
		}
	}

	private static boolean hasSignature(Path file, long offset, String signature) throws IOException {
		byte[] expected = signature.getBytes(StandardCharsets.ISO_8859_1);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			if (channel.size() < offset + expected.length) {
				return false;
			}
			ByteBuffer actual = ByteBuffer.allocate(expected.length);
			channel.read(actual, offset);
			return ByteBuffer.wrap(expected).equals(actual.flip());
		}
	}

}
