package cloud.ims.core.server;

import java.util.Map;
import java.util.regex.Pattern;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The user-defined metadata of an ECS, as Huawei ECS takes it: at most {@value #MAX_ENTRIES} pairs (the
 * {@code maxServerMeta} the limits answer advertises), each key 1 to {@value #MAX_KEY} letters, digits, {@code -},
 * {@code _}, {@code :} or {@code .}, each value at most {@value #MAX_VALUE} characters.
 */
public final class ServerMetadata {

	public static final int MAX_ENTRIES = 10;

	public static final int MAX_KEY = 255;

	public static final int MAX_VALUE = 255;

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_:.-]{1," + MAX_KEY + "}");

	private ServerMetadata() {
	}

	/** The metadata of a request for ECSs, checked; none given is none. */
	public static Map<String, String> checked(@Nullable Map<String, String> metadata) {
		if (metadata == null) {
			return Map.of();
		}
		if (metadata.size() > MAX_ENTRIES) {
			throw new ImsException(Kind.INVALID, "Ecs.0031", "server.metadata has " + metadata.size()
					+ " pairs; an ECS can have at most " + MAX_ENTRIES + " (maxServerMeta of the limits).");
		}
		metadata.forEach((key, value) -> {
			if (key == null || !KEY.matcher(key).matches()) {
				throw new ImsException(Kind.INVALID, "Ecs.0032", "Invalid server.metadata key '" + abbreviated(key)
						+ "': use 1 to " + MAX_KEY + " letters, digits, '-', '_', ':' or '.'.");
			}
			if (value == null || value.length() > MAX_VALUE) {
				throw new ImsException(Kind.INVALID, "Ecs.0033", "The value of server.metadata key '" + key
						+ "' must be a string of at most " + MAX_VALUE + " characters.");
			}
		});
		return Map.copyOf(metadata);
	}

	private static @Nullable String abbreviated(@Nullable String text) {
		return (text == null || text.length() <= 300) ? text : text.substring(0, 300) + "...";
	}

}
