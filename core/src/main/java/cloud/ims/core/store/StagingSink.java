package cloud.ims.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A staging file that bytes are pushed into as they arrive (from a network stream, say), hashed with SHA-256 and
 * MD5 on the way. {@link #finish()} makes it a {@link StagedFile}; {@link #abort()} removes it. Not thread-safe:
 * one writer at a time.
 */
public final class StagingSink implements AutoCloseable {

	private final Path file;

	private final FileChannel channel;

	private final long maxBytes;

	private final MessageDigest sha256 = digest("SHA-256");

	private final MessageDigest md5 = digest("MD5");

	private long written;

	private boolean finished;

	StagingSink(Path file, FileChannel channel, long maxBytes) {
		this.file = file;
		this.channel = channel;
		this.maxBytes = maxBytes;
	}

	/**
	 * Appends the buffer's remaining bytes.
	 * @throws ImageTooLarge when the staged data would exceed the limit; nothing beyond it is written
	 */
	public void write(ByteBuffer bytes) throws IOException {
		int length = bytes.remaining();
		if (length > this.maxBytes - this.written) {
			throw new ImageTooLarge(this.maxBytes);
		}
		this.sha256.update(bytes.duplicate());
		this.md5.update(bytes.duplicate());
		while (bytes.hasRemaining()) {
			this.channel.write(bytes);
		}
		this.written += length;
	}

	public long written() {
		return this.written;
	}

	public Path path() {
		return this.file;
	}

	/** Flushes the file to disk and answers it with its digests. */
	public StagedFile finish() throws IOException {
		this.channel.force(false);
		this.channel.close();
		this.finished = true;
		HexFormat hex = HexFormat.of();
		return new StagedFile(this.file, new Digests(hex.formatHex(this.sha256.digest()),
				hex.formatHex(this.md5.digest()), this.written));
	}

	/** Removes the partial file. */
	public void abort() {
		try {
			this.channel.close();
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			// Nothing more can be done here; the staging sweep of the store removes leftovers.
		}
	}

	/** Aborts unless finished, so that a try-with-resources block never leaves a partial file behind. */
	@Override
	public void close() {
		if (!this.finished) {
			abort();
		}
	}

	private static MessageDigest digest(String algorithm) {
		try {
			return MessageDigest.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform provides " + algorithm, ex);
		}
	}

}
