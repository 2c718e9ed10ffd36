package cloud.ims.standalone;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --name=value} command-line arguments, the form in which Spring Boot takes properties, so that the
 * launcher can merge its own properties with the user's instead of passing a name twice (Spring Boot would join both
 * values with a comma).
 */
final class PropertyArguments {

	private PropertyArguments() {
	}

	/** The {@code --name=value} arguments by name, the last one winning; other arguments are left out. */
	static Map<String, String> parse(List<String> arguments) {
		Map<String, String> properties = new LinkedHashMap<>();
		for (String argument : arguments) {
			int equals = argument.indexOf('=');
			if (argument.startsWith("--") && equals > 2) {
				properties.put(argument.substring(2, equals), argument.substring(equals + 1));
			}
		}
		return properties;
	}

	/** Whether {@code argument} has the {@code --name=value} form. */
	static boolean isProperty(String argument) {
		return argument.startsWith("--") && argument.indexOf('=') > 2;
	}
}
