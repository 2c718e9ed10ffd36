package cloud.ims.core.imports;

import java.util.List;
import java.util.Locale;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The disk formats an imported file may be in.
 */
public final class DiskFormats {

	public static final List<String> SUPPORTED = List.of("vmdk", "qcow2", "vhd", "vhdx", "raw", "iso");

	private DiskFormats() {
	}

	public static @Nullable String declared(@Nullable String diskFormat) {
		if (diskFormat == null) {
			return null;
		}
		String format = diskFormat.trim().toLowerCase(Locale.ROOT);
		if (!SUPPORTED.contains(format)) {
			throw new ImsException(Kind.INVALID, "IMG.0006",
					"disk_format '" + diskFormat + "' is not supported; use one of " + SUPPORTED + ".");
		}
		return format;
	}

	public static @Nullable String sha256(@Nullable String sha256) {
		if (sha256 == null) {
			return null;
		}
		String hex = sha256.trim().toLowerCase(Locale.ROOT);
		if (!hex.matches("[0-9a-f]{64}")) {
			throw new ImsException(Kind.INVALID, "IMG.0007",
					"__expected_sha256 must be 64 hexadecimal characters (a SHA-256 digest).");
		}
		return hex;
	}

}
