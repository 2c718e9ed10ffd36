package cloud.ims.core.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Names a disk image's format from its own bytes, in qemu's names, so that {@code qemu-img info} is told the format
 * ({@code -f}) rather than left to guess it from an untrusted file. The signatures are those qemu's own probes look
 * for (the first 2 KiB); a fixed VHD, which has only a footer, is recognised by that footer, which qemu's vpc driver
 * reads but its probe does not. Anything else is raw.
 */
public final class DiskFormatSniffer {

	/** How much of the start of a file qemu's probes look at. */
	static final int HEADER_BYTES = 2048;

	/** A VHD's footer: its last 512 bytes, which a fixed VHD has alone and a dynamic one also copies at the start. */
	static final int VHD_FOOTER_BYTES = 512;

	private static final byte[] QCOW = { 'Q', 'F', 'I', (byte) 0xfb };

	private static final byte[] QED = { 'Q', 'E', 'D', 0 };

	private static final byte[] LUKS = { 'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe };

	/** The little-endian signature of a VirtualBox image, after its 64-byte text banner. */
	private static final int VDI_SIGNATURE = 0xbeda107f;

	private static final int VDI_SIGNATURE_OFFSET = 0x40;

	private DiskFormatSniffer() {
	}

	/**
	 * The format of the file: {@code qcow2}, {@code qcow}, {@code qed}, {@code vmdk}, {@code vpc} (VHD),
	 * {@code vhdx}, {@code vdi}, {@code luks}, {@code parallels}, {@code bochs}, or {@code raw} for anything else.
	 */
	public static String formatOf(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			byte[] header = read(channel, 0, (int) Math.min(size, HEADER_BYTES));
			byte[] footer = (size >= VHD_FOOTER_BYTES) ? read(channel, size - VHD_FOOTER_BYTES, VHD_FOOTER_BYTES)
					: new byte[0];
			return formatOf(header, footer);
		}
	}

	/**
	 * @param header the file's first {@link #HEADER_BYTES} bytes, or all of a shorter file
	 * @param footer the file's last {@link #VHD_FOOTER_BYTES} bytes, or nothing for a shorter file
	 */
	static String formatOf(byte[] header, byte[] footer) {
		if (startsWith(header, QCOW) && header.length >= 8) {
			int version = ByteBuffer.wrap(header, 4, 4).getInt();
			if (version >= 2) {
				return "qcow2";
			}
			if (version == 1) {
				return "qcow";
			}
		}
		if (startsWith(header, QED)) {
			return "qed";
		}
		if (startsWith(header, ascii("KDMV")) || startsWith(header, ascii("COWD")) || isVmdkDescriptor(header)) {
			return "vmdk";
		}
		if (startsWith(header, ascii("conectix")) || startsWith(footer, ascii("conectix"))) {
			return "vpc";
		}
		if (startsWith(header, ascii("vhdxfile"))) {
			return "vhdx";
		}
		if (header.length >= VDI_SIGNATURE_OFFSET + 4 && ByteBuffer.wrap(header, VDI_SIGNATURE_OFFSET, 4)
			.order(ByteOrder.LITTLE_ENDIAN)
			.getInt() == VDI_SIGNATURE) {
			return "vdi";
		}
		if (startsWith(header, LUKS)) {
			return "luks";
		}
		if (startsWith(header, ascii("WithoutFreeSpace")) || startsWith(header, ascii("WithouFreSpacExt"))) {
			return "parallels";
		}
		if (startsWith(header, ascii("Bochs Virtual HD Image"))) {
			return "bochs";
		}
		return "raw";
	}

	/**
	 * A vmdk descriptor file, as qemu's probe recognises one: comment lines and blank lines, then a
	 * {@code version=1}, {@code 2} or {@code 3} line.
	 */
	private static boolean isVmdkDescriptor(byte[] header) {
		String text = new String(header, StandardCharsets.ISO_8859_1);
		int position = 0;
		while (position < text.length()) {
			char first = text.charAt(position);
			if (first == '#') {
				int end = text.indexOf('\n', position);
				position = (end < 0) ? text.length() : end + 1;
				continue;
			}
			if (first == ' ') {
				while (position < text.length() && text.charAt(position) == ' ') {
					position++;
				}
				if (position < text.length() && text.charAt(position) == '\r') {
					position++;
				}
				if (position == text.length() || text.charAt(position) != '\n') {
					return false;
				}
				position++;
				continue;
			}
			String rest = text.substring(position);
			for (String version : new String[] { "1", "2", "3" }) {
				if (rest.startsWith("version=" + version + "\n") || rest.startsWith("version=" + version + "\r\n")) {
					return true;
				}
			}
			return false;
		}
		return false;
	}

	private static byte[] read(FileChannel channel, long offset, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, offset + buffer.position()) < 0) {
				break;
			}
		}
		return Arrays.copyOf(buffer.array(), buffer.position());
	}

	private static boolean startsWith(byte[] bytes, byte[] prefix) {
		return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
