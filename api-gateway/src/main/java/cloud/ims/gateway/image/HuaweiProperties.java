package cloud.ims.gateway.image;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Free-form properties are strings, except the few Huawei properties the SDK types otherwise and Glance's
 * {@code os_hidden} (a boolean in its schema): those are stored as text and returned with their type, so that the
 * clients can parse them.
 */
final class HuaweiProperties {

	private static final Set<String> BOOLEAN = Set.of("__system_support_market", "os_hidden");

	private HuaweiProperties() {
	}

	static String normalize(String name, @Nullable Object value) {
		if (BOOLEAN.contains(name)) {
			if (value instanceof Boolean || "true".equals(value) || "false".equals(value)) {
				return String.valueOf(value);
			}
			throw new ImsException(Kind.INVALID, "IMG.0001", "Property " + name + " must be true or false.");
		}
		if (value instanceof String text) {
			return text;
		}
		throw new ImsException(Kind.INVALID, "IMG.0001", "The value of property '" + name
				+ "' must be a string; free-form properties are strings.");
	}

	static Map<String, Object> typed(Map<String, String> properties) {
		Map<String, Object> typed = new LinkedHashMap<>();
		properties.forEach((name, value) -> typed.put(name, BOOLEAN.contains(name) ? Boolean.valueOf(value) : value));
		return typed;
	}

}
