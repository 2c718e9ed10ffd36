package cloud.ims.core.export;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The formats an image is exported in (Huawei's ExportImage {@code file_format}), each with qemu-img's name for it and
 * the options its file is written with: a VHD keeps the image's exact size ({@code force_size}) instead of rounding it
 * to a disk geometry.
 */
public enum ExportFormat {

	QCOW2("qcow2", "qcow2", List.of()), VMDK("vmdk", "vmdk", List.of()), VHD("vhd", "vpc", List.of("force_size=on")),
	RAW("raw", "raw", List.of());

	private final String wireName;

	private final String qemuName;

	private final List<String> options;

	ExportFormat(String wireName, String qemuName, List<String> options) {
		this.wireName = wireName;
		this.qemuName = qemuName;
		this.options = options;
	}

	public String wireName() {
		return this.wireName;
	}

	public String qemuName() {
		return this.qemuName;
	}

	public List<String> options() {
		return this.options;
	}

	/** The requested {@code file_format}, or null when none was given. */
	public static @Nullable ExportFormat ofNullable(@Nullable String fileFormat) {
		if (fileFormat == null) {
			return null;
		}
		String name = fileFormat.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter((format) -> format.wireName.equals(name))
			.findFirst()
			.orElseThrow(() -> invalid("file_format '" + fileFormat + "' is not supported"
					+ (name.equals("zvhd") || name.equals("zvhd2") ? " (Huawei's zvhd formats exist only in Huawei Cloud)"
							: "")
					+ ". Use qcow2, vmdk, vhd or raw."));
	}

	/**
	 * The format of a quick export, which hands out the data as stored: a VMDK (streamOptimized), or the raw bytes of
	 * an ISO. A requested format must be that one.
	 */
	public static ExportFormat asStored(String storedDiskFormat, @Nullable ExportFormat requested) {
		ExportFormat stored = storedDiskFormat.equals("vmdk") ? VMDK : RAW;
		if (requested != null && requested != stored) {
			throw invalid("is_quick_export hands out the image as it is stored, a " + stored.wireName
					+ " file; leave file_format out, or export without is_quick_export to convert it to "
					+ requested.wireName + ".");
		}
		return stored;
	}

	private static ImsException invalid(String message) {
		return new ImsException(Kind.INVALID, "IMG.0620", message);
	}

}
