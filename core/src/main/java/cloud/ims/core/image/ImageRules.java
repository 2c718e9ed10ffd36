package cloud.ims.core.image;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * What an image's user-given metadata may look like (API.md), in whichever dialect it came: names, descriptions,
 * tags, free-form properties, sizes, formats, visibility; the sizes are {@link ImageLimits}.
 */
public final class ImageRules {

	public static final int MAX_TAGS = ImageLimits.TAGS;

	/** The largest system disk an image may ask for, in GB. */
	public static final int MAX_DISK_GB = 1024;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._ -]{1," + ImageLimits.NAME + "}");

	private ImageRules() {
	}

	public static String name(@Nullable String name) {
		if (name == null || !NAME.matcher(name).matches() || name.startsWith(" ") || name.endsWith(" ")) {
			throw new ImsException(Kind.INVALID, "IMG.0001", "Invalid image name '" + abbreviated(name) + "': use 1 to "
					+ ImageLimits.NAME + " letters, digits, '-', '.', '_' or spaces, with no leading or trailing space.");
		}
		return name;
	}

	public static @Nullable String description(@Nullable String description) {
		if (description != null && (description.length() > ImageLimits.DESCRIPTION || description.contains("<")
				|| description.contains(">") || description.contains("\r"))) {
			throw new ImsException(Kind.INVALID, "IMG.0002", "Invalid description: use at most "
					+ ImageLimits.DESCRIPTION + " characters, without '<', '>' or carriage returns.");
		}
		return description;
	}

	public static List<String> tags(List<String> tags) {
		if (tags.size() > MAX_TAGS) {
			throw new ImsException(Kind.INVALID, "IMG.0004",
					"An image can have at most " + MAX_TAGS + " tags; this request has " + tags.size() + ".");
		}
		for (String tag : tags) {
			if (tag == null || tag.isEmpty() || tag.length() > ImageLimits.TAG) {
				throw new ImsException(Kind.INVALID, "IMG.0004", "Invalid tag '" + abbreviated(tag) + "': use 1 to "
						+ ImageLimits.TAG + " characters.");
			}
		}
		return List.copyOf(tags);
	}

	/** The free-form properties of a new image, checked. */
	public static Map<String, String> properties(Map<String, String> properties) {
		return properties(Map.of(), properties);
	}

	/**
	 * The free-form properties an edit leaves, checked: each new or changed one, and their number and total size. An
	 * image that has more than the limits allow (from before they were enforced) may have properties changed or
	 * removed, never one added or one made longer in all.
	 */
	public static Map<String, String> properties(Map<String, String> before, Map<String, String> after) {
		after.forEach((key, value) -> {
			if (!value.equals(before.get(key))) {
				propertyKey(key);
				propertyValue(key, value);
			}
		});
		if (after.size() > ImageLimits.PROPERTIES && after.size() > before.size()) {
			throw new ImsException(Kind.INVALID, "IMG.0030", "An image can have at most " + ImageLimits.PROPERTIES
					+ " properties; this request would leave it " + after.size()
					+ ". Remove properties it no longer needs.");
		}
		long total = totalSize(after);
		if (total > ImageLimits.PROPERTIES_TOTAL && total > totalSize(before)) {
			throw new ImsException(Kind.INVALID, "IMG.0033", "An image's property keys and values may have at most "
					+ ImageLimits.PROPERTIES_TOTAL + " characters in all; this request would leave " + total
					+ ". Shorten or remove properties.");
		}
		return after;
	}

	/** A property's key: 1 to 255 characters, no {@code /} (it would be another path in a JSON patch). */
	public static String propertyKey(@Nullable String key) {
		if (key == null || key.isEmpty() || key.length() > ImageLimits.PROPERTY_KEY || key.contains("/")) {
			throw new ImsException(Kind.INVALID, "IMG.0031", "Invalid property name '" + abbreviated(key)
					+ "': use 1 to " + ImageLimits.PROPERTY_KEY + " characters, without '/'.");
		}
		return key;
	}

	private static void propertyValue(String key, String value) {
		if (value.length() > ImageLimits.PROPERTY_VALUE) {
			throw new ImsException(Kind.INVALID, "IMG.0032", "The value of property '" + key + "' has "
					+ value.length() + " characters; a property value may have at most " + ImageLimits.PROPERTY_VALUE
					+ ".");
		}
	}

	private static long totalSize(Map<String, String> properties) {
		return properties.entrySet().stream().mapToLong((entry) -> entry.getKey().length() + entry.getValue().length())
			.sum();
	}

	/** Echoes what was given, but never a huge value back in full. */
	private static @Nullable String abbreviated(@Nullable String text) {
		return (text == null || text.length() <= 300) ? text : text.substring(0, 300) + "...";
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
