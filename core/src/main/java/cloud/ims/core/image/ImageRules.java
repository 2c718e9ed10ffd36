package cloud.ims.core.image;

import java.util.List;
import java.util.regex.Pattern;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * What an image's user-given metadata may look like (API.md), in whichever dialect it came: names, descriptions,
 * tags, sizes, formats, visibility.
 */
public final class ImageRules {

	public static final int MAX_TAGS = 50;

	/** The largest system disk an image may ask for, in GB. */
	public static final int MAX_DISK_GB = 1024;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._ -]{1,128}");

	private ImageRules() {
	}

	public static String name(@Nullable String name) {
		if (name == null || !NAME.matcher(name).matches() || name.startsWith(" ") || name.endsWith(" ")) {
			throw new ImsException(Kind.INVALID, "IMG.0001", "Invalid image name '" + name
					+ "': use 1 to 128 letters, digits, '-', '.', '_' or spaces, with no leading or trailing space.");
		}
		return name;
	}

	public static @Nullable String description(@Nullable String description) {
		if (description != null && (description.length() > 1024 || description.contains("<")
				|| description.contains(">") || description.contains("\r"))) {
			throw new ImsException(Kind.INVALID, "IMG.0002",
					"Invalid description: use at most 1024 characters, without '<', '>' or carriage returns.");
		}
		return description;
	}

	public static List<String> tags(List<String> tags) {
		if (tags.size() > MAX_TAGS) {
			throw new ImsException(Kind.INVALID, "IMG.0004",
					"An image can have at most " + MAX_TAGS + " tags; this request has " + tags.size() + ".");
		}
		for (String tag : tags) {
			if (tag == null || tag.isEmpty() || tag.length() > 255) {
				throw new ImsException(Kind.INVALID, "IMG.0004", "Invalid tag '" + tag + "': use 1 to 255 characters.");
			}
		}
		return List.copyOf(tags);
	}

	/** Images start private; admins alone may create public ones. */
	public static Visibility visibility(boolean admin, @Nullable String requested) {
		if (requested == null || requested.equals("private")) {
			return Visibility.PRIVATE;
		}
		if (!requested.equals("public")) {
			throw new ImsException(Kind.INVALID, "IMG.0001",
					"visibility=" + requested + " is invalid; use private (the default) or public (admins only).");
		}
		if (!admin) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0094",
					"Only admins can create public images. Leave out visibility to create a private image.");
		}
		return Visibility.PUBLIC;
	}

	public static @Nullable Integer nonNegative(@Nullable Integer value, String field) {
		if (value != null && value < 0) {
			throw new ImsException(Kind.INVALID, "IMG.0001", field + "=" + value + " is invalid; use 0 or more.");
		}
		return value;
	}

	/** Within bounds, or the lower bound when not given. */
	public static int range(String field, @Nullable Integer value, int min, int max) {
		if (value == null) {
			return min;
		}
		if (value < min || value > max) {
			throw new ImsException(Kind.INVALID, "IMG.0001", field + "=" + value + " must be from " + min + " to " + max + ".");
		}
		return value;
	}

	public static String containerFormat(@Nullable String containerFormat) {
		if (containerFormat == null) {
			return "bare";
		}
		if (!List.of("bare", "ovf", "ova").contains(containerFormat)) {
			throw new ImsException(Kind.INVALID, "IMG.0001",
					"container_format '" + containerFormat + "' is not supported; use bare, ovf or ova.");
		}
		return containerFormat;
	}

	public static String osType(@Nullable String osType) {
		if (osType == null) {
			return "Linux";
		}
		if (!List.of("Linux", "Windows", "Other").contains(osType)) {
			throw new ImsException(Kind.INVALID, "IMG.0001", "os_type '" + osType + "' is invalid; use Linux, Windows or Other.");
		}
		return osType;
	}

}
