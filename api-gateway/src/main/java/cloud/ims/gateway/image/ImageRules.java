package cloud.ims.gateway.image;

import java.util.List;
import java.util.regex.Pattern;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Visibility;
import cloud.ims.gateway.security.Caller;
import org.jspecify.annotations.Nullable;

/**
 * What an image's user-given metadata may look like (API.md): names, descriptions, tags.
 */
final class ImageRules {

	static final int MAX_TAGS = 50;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._ -]{1,128}");

	private ImageRules() {
	}

	static String name(@Nullable String name) {
		if (name == null || !NAME.matcher(name).matches() || name.startsWith(" ") || name.endsWith(" ")) {
			throw new ImsException(Kind.INVALID, "IMG.0001", "Invalid image name '" + name
					+ "': use 1 to 128 letters, digits, '-', '.', '_' or spaces, with no leading or trailing space.");
		}
		return name;
	}

	static @Nullable String description(@Nullable String description) {
		if (description != null && (description.length() > 1024 || description.contains("<")
				|| description.contains(">") || description.contains("\r"))) {
			throw new ImsException(Kind.INVALID, "IMG.0002",
					"Invalid description: use at most 1024 characters, without '<', '>' or carriage returns.");
		}
		return description;
	}

	static List<String> tags(List<String> tags) {
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
	static Visibility visibility(Caller caller, @Nullable String requested) {
		if (requested == null || requested.equals("private")) {
			return Visibility.PRIVATE;
		}
		if (!requested.equals("public")) {
			throw new ImsException(Kind.INVALID, "IMG.0001",
					"visibility=" + requested + " is invalid; use private (the default) or public (admins only).");
		}
		if (!caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0094",
					"Only admins can create public images. Leave out visibility to create a private image.");
		}
		return Visibility.PUBLIC;
	}

	static @Nullable Integer nonNegative(@Nullable Integer value, String field) {
		if (value != null && value < 0) {
			throw new ImsException(Kind.INVALID, "IMG.0001", field + "=" + value + " is invalid; use 0 or more.");
		}
		return value;
	}

}
