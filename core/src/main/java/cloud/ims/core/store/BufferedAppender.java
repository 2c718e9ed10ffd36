package cloud.ims.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends through the page cache: for file systems that refuse direct I/O (tmpfs, say). */
final class BufferedAppender implements StagingAppender {

	private final FileChannel channel;

	private BufferedAppender(FileChannel channel) {
		this.channel = channel;
	}

	static BufferedAppender open(Path file) throws IOException {
		return new BufferedAppender(FileChannel.open(file, StandardOpenOption.WRITE));
	}

	@Override
	public void append(ByteBuffer bytes) throws IOException {
		ByteBuffer remaining = bytes.duplicate();
		while (remaining.hasRemaining()) {
			this.channel.write(remaining);
		}
	}

	@Override
	public void finish(boolean sync) throws IOException {
		try (FileChannel closing = this.channel) {
			if (sync) {
				closing.force(false);
			}
		}
	}

	@Override
	public void abandon() {
		StagingAppender.closeQuietly(this.channel);
	}

}
