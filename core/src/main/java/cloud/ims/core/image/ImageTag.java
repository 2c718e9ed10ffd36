package cloud.ims.core.image;

import java.util.regex.Pattern;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * A key/value tag as Huawei's tag API has it. It is one of the image's tags, which Glance shows as strings: stored as
 * {@code key=value}, or as the key alone when the value is empty.
 */
public record ImageTag(String key, String value) {

	/** The longest key Huawei's tag API takes. */
	public static final int MAX_KEY = 36;

	/** The longest value Huawei's tag API takes. */
	public static final int MAX_VALUE = 43;

	private static final Pattern CHARACTERS = Pattern.compile("[\\p{L}\\p{N}_-]*");

	/**
	 * A tag to write, checked as Huawei checks it: a key of 1 to 36 and a value of 0 to 43 letters (Unicode letters
	 * too), digits, {@code -} or {@code _}; a missing value is an empty one.
	 */
	public static ImageTag of(@Nullable String key, @Nullable String value) {
		if (key == null || key.isEmpty() || key.length() > MAX_KEY || !CHARACTERS.matcher(key).matches()) {
			throw new ImsException(Kind.INVALID, "IMG.0010", "Invalid tag key '" + key + "': use 1 to " + MAX_KEY
					+ " letters, digits, '-' or '_'.");
		}
		String given = (value != null) ? value : "";
		if (given.length() > MAX_VALUE || !CHARACTERS.matcher(given).matches()) {
			throw new ImsException(Kind.INVALID, "IMG.0011", "Invalid value '" + given + "' of tag key '" + key
					+ "': use at most " + MAX_VALUE + " letters, digits, '-' or '_' (or an empty value).");
		}
		return new ImageTag(key, given);
	}

	/**
	 * How Huawei's tag API reads a tag Glance shows: split at the first {@code =}; a tag without one (or starting with
	 * one) is a key with an empty value.
	 */
	public static ImageTag parse(String stored) {
		int equals = stored.indexOf('=');
		return (equals > 0) ? new ImageTag(stored.substring(0, equals), stored.substring(equals + 1))
				: new ImageTag(stored, "");
	}

	/** The tag as Glance shows it. */
	public String stored() {
		return this.value.isEmpty() ? this.key : this.key + "=" + this.value;
	}

}
