package cloud.ims.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * How a staging file is written: appended to from the first byte to the last, then finished once. Staged images
 * are large and read once (by the conversion), so the file is written past the page cache where the file system
 * allows it ({@link DirectAppender}), and through it otherwise ({@link BufferedAppender}).
 */
sealed interface StagingAppender permits DirectAppender, BufferedAppender {

	/** Opens {@code file} (which exists and is empty) for appending, past the page cache if its file system allows it. */
	static StagingAppender open(Path file) throws IOException {
		StagingAppender direct = DirectAppender.tryOpen(file);
		return (direct != null) ? direct : BufferedAppender.open(file);
	}

	/** Appends the remaining bytes of {@code bytes}; once this returns, the caller may reuse the buffer. */
	void append(ByteBuffer bytes) throws IOException;

	/** Writes what is still held back, flushes the file to disk if {@code sync}, and closes it. */
	void finish(boolean sync) throws IOException;

	/** Closes the file as it is, quietly: for a file about to be removed. */
	void abandon();

	/** Closes {@code channel}, ignoring a failure: the file is removed next, so nothing is lost. */
	static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Nothing more can be done; the staging sweep of the store removes leftovers.
		}
	}

}
