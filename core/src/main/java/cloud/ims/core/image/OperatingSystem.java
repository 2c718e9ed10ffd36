package cloud.ims.core.image;

import org.jspecify.annotations.Nullable;

/** What an image says about the operating system on it (Huawei's {@code __os_type}, {@code __os_version}...). */
public record OperatingSystem(String type, @Nullable String version, @Nullable String platform, String bit) {

	/** What an image says when nobody told it more. */
	public static OperatingSystem unknown(String type) {
		return new OperatingSystem(type, null, null, "64");
	}

	public static OperatingSystem of(Image image) {
		return new OperatingSystem(image.osType(), image.osVersion(), image.platform(), image.osBit());
	}

}
