package cloud.ims.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.nio.file.ExtendedOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * Appends with direct I/O (O_DIRECT): the bytes go from an aligned buffer of this process to the disk, and the
 * page cache takes none of them. Writing gigabytes through the page cache costs the kernel a page for every 4 KiB
 * (and, in a virtual machine, often a fault to the hypervisor for each): measured here, 0.9 to 2.9 s of CPU for
 * 2 GiB, against 0.13 s direct. The file is only read once, by the conversion, so caching it gains nothing.
 * <p>
 * Direct I/O writes whole blocks from block-aligned memory, so the bytes are gathered in an aligned buffer and
 * written a buffer at a time; the last, partial block is written padded with zeros and the file then cut to its
 * real length.
 */
final class DirectAppender implements StagingAppender {

	static final int BUFFER_BYTES = 4 * 1024 * 1024;

	private final FileChannel channel;

	private final ByteBuffer buffer;

	private final int blockSize;

	private long size;

	private DirectAppender(FileChannel channel, int blockSize) {
		this.channel = channel;
		this.blockSize = blockSize;
		this.buffer = ByteBuffer.allocateDirect(BUFFER_BYTES + blockSize).alignedSlice(blockSize);
	}

	/** Opens {@code file} for direct I/O, or answers null when its file system does not offer it. */
	static @Nullable DirectAppender tryOpen(Path file) throws IOException {
		long blockSize = Files.getFileStore(file).getBlockSize();
		if (blockSize <= 0 || blockSize > BUFFER_BYTES || BUFFER_BYTES % blockSize != 0) {
			return null;
		}
		FileChannel channel;
		try {
			channel = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
		}
		catch (IOException | UnsupportedOperationException refused) {
			return null;
		}
		return new DirectAppender(channel, (int) blockSize);
	}

	@Override
	public void append(ByteBuffer bytes) throws IOException {
		int position = bytes.position();
		int end = bytes.limit();
		while (position < end) {
			int length = Math.min(end - position, this.buffer.remaining());
			this.buffer.put(this.buffer.position(), bytes, position, length);
			this.buffer.position(this.buffer.position() + length);
			position += length;
			if (!this.buffer.hasRemaining()) {
				writeBuffer();
			}
		}
		this.size += end - bytes.position();
	}

	@Override
	public void finish(boolean sync) throws IOException {
		try (FileChannel closing = this.channel) {
			int tail = this.buffer.position();
			if (tail > 0) {
				int padded = ((tail + this.blockSize - 1) / this.blockSize) * this.blockSize;
				while (this.buffer.position() < padded) {
					this.buffer.put((byte) 0);
				}
				writeBuffer();
				closing.truncate(this.size);
			}
			if (sync) {
				closing.force(false);
			}
		}
	}

	@Override
	public void abandon() {
		StagingAppender.closeQuietly(this.channel);
	}

	private void writeBuffer() throws IOException {
		this.buffer.flip();
		while (this.buffer.hasRemaining()) {
			this.channel.write(this.buffer);
		}
		this.buffer.clear();
	}

}
