package cloud.ims.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Copies a stream through a fixed buffer while computing SHA-256 and MD5, so an image of any size costs one buffer
 * of memory.
 */
final class HashingCopy {

	static final int BUFFER_SIZE = 1024 * 1024;

	private HashingCopy() {
	}

	/**
	 * @throws ImageTooLarge when {@code source} holds more than {@code maxBytes}; nothing beyond the limit is written
	 */
	static Digests copy(InputStream source, OutputStream target, long maxBytes, LongConsumer progress)
			throws IOException {
		MessageDigest sha256 = digest("SHA-256");
		MessageDigest md5 = digest("MD5");
		byte[] buffer = new byte[BUFFER_SIZE];
		long copied = 0;
		long reported = 0;
		int read;
		while ((read = source.read(buffer)) != -1) {
			if (read > maxBytes - copied) {
				throw new ImageTooLarge(maxBytes);
			}
			sha256.update(buffer, 0, read);
			md5.update(buffer, 0, read);
			target.write(buffer, 0, read);
			copied += read;
			if (copied - reported >= BUFFER_SIZE) {
				progress.accept(copied);
				reported = copied;
			}
		}
		if (copied != reported || copied == 0) {
			progress.accept(copied);
		}
		HexFormat hex = HexFormat.of();
		return new Digests(hex.formatHex(sha256.digest()), hex.formatHex(md5.digest()), copied);
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
