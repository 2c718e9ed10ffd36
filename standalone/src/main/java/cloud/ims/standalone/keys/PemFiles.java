package cloud.ims.standalone.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * Writes PEM and key files that must never replace an existing one (an installation keeps its certificate and keys
 * for its lifetime) and that only the owner may read when they hold a secret.
 */
final class PemFiles {

	private PemFiles() {
	}

	static String pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
	}

	static void writePublic(Path path, String content) {
		write(path, content, false);
	}

	static void writeSecret(Path path, String content) {
		write(path, content, true);
	}

	private static void write(Path path, String content, boolean secret) {
		try {
			Files.createDirectories(path.toAbsolutePath().getParent());
			if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
				Files.createFile(path, ownerOnly);
				Files.writeString(path, content, StandardOpenOption.TRUNCATE_EXISTING);
			}
			else {
				Files.writeString(path, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + path, ex);
		}
	}
}
