package cloud.ims.core.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes an empty qcow2 (version 3) overlay of a backing file, the same file {@code qemu-img create -f qcow2 -b}
 * makes, without starting a process: creating an ECS's disk is then a 200 KiB write rather than a fork of
 * qemu-img, which caps provisioning at about 70 disks a second. The layout is the smallest valid one: the header
 * with the backing file's name and format, one refcount table, one refcount block and an empty L1 table, all
 * clusters referenced once; {@code qemu-img check} finds nothing to complain about.
 */
public final class Qcow2Overlay {

	private static final int MAGIC = 0x514649fb;

	private static final int VERSION = 3;

	private static final int CLUSTER_BITS = 16;

	private static final int CLUSTER_SIZE = 1 << CLUSTER_BITS;

	private static final int HEADER_LENGTH = 104;

	private static final int REFCOUNT_ORDER = 4;

	private static final int BACKING_FORMAT_EXTENSION = 0xE2792ACA;

	private static final long L2_ENTRIES_PER_CLUSTER = CLUSTER_SIZE / 8;

	private Qcow2Overlay() {
	}

	/**
	 * Creates {@code overlay} (which must not exist) reading unwritten clusters from {@code backingFile}, recorded by
	 * its absolute path.
	 */
	public static void write(Path overlay, Path backingFile, String backingFormat, long virtualSize)
			throws IOException {
		if (virtualSize <= 0) {
			throw new IllegalArgumentException("virtual size must be positive");
		}
		byte[] backingName = backingFile.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8);
		byte[] format = backingFormat.getBytes(StandardCharsets.US_ASCII);
		int l1Entries = (int) ceilDiv(virtualSize, CLUSTER_SIZE * L2_ENTRIES_PER_CLUSTER);
		int l1Clusters = (int) ceilDiv(l1Entries * 8L, CLUSTER_SIZE);
		long refcountTable = CLUSTER_SIZE;
		long refcountBlock = 2L * CLUSTER_SIZE;
		long l1Table = 3L * CLUSTER_SIZE;
		int clusters = 3 + l1Clusters;
		int backingOffset = HEADER_LENGTH + 8 + align8(format.length) + 8;
		if (backingOffset + backingName.length > CLUSTER_SIZE) {
			throw new IllegalArgumentException("The backing file's path is too long for a qcow2 header");
		}

		ByteBuffer header = ByteBuffer.allocate(CLUSTER_SIZE);
		header.putInt(MAGIC).putInt(VERSION).putLong(backingOffset).putInt(backingName.length).putInt(CLUSTER_BITS)
			.putLong(virtualSize).putInt(0).putInt(l1Entries).putLong(l1Table).putLong(refcountTable).putInt(1)
			.putInt(0).putLong(0).putLong(0).putLong(0).putLong(0).putInt(REFCOUNT_ORDER).putInt(HEADER_LENGTH);
		header.putInt(BACKING_FORMAT_EXTENSION).putInt(format.length).put(format);
		header.position(HEADER_LENGTH + 8 + align8(format.length));
		header.putInt(0).putInt(0);
		header.put(backingName);
		header.position(backingOffset + backingName.length).flip();

		ByteBuffer table = ByteBuffer.allocate(8).putLong(refcountBlock).flip();
		ByteBuffer refcounts = ByteBuffer.allocate(clusters * 2);
		for (int cluster = 0; cluster < clusters; cluster++) {
			refcounts.putShort((short) 1);
		}
		refcounts.flip();
		ByteBuffer l1 = ByteBuffer.allocate(l1Entries * 8);

		try (FileChannel file = FileChannel.open(overlay, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			writeFully(file, header, 0);
			writeFully(file, table, refcountTable);
			writeFully(file, refcounts, refcountBlock);
			writeFully(file, l1, l1Table);
		}
	}

	private static void writeFully(FileChannel file, ByteBuffer bytes, long position) throws IOException {
		long at = position;
		while (bytes.hasRemaining()) {
			at += file.write(bytes, at);
		}
	}

	private static int align8(int length) {
		return (length + 7) & ~7;
	}

	private static long ceilDiv(long dividend, long divisor) {
		return (dividend + divisor - 1) / divisor;
	}

}
