package cloud.ims.core.server;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * ECS names: 1-64 letters, digits, '-', '_' or '.'; a batch (or isAutoRename) gets suffixes -0001, -0002, ...
 */
final class ServerNames {

	static final int MAX_LENGTH = 64;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

	private static final int SUFFIX_LENGTH = "-0001".length();

	private ServerNames() {
	}

	static List<String> forBatch(String name, int count, boolean autoRename) {
		boolean suffixed = autoRename || count > 1;
		int maxLength = suffixed ? MAX_LENGTH - SUFFIX_LENGTH : MAX_LENGTH;
		if (name.isEmpty() || name.length() > maxLength || !NAME.matcher(name).matches()) {
			throw ServerBatch.invalid("Invalid server name '" + name + "': use 1 to " + maxLength
					+ " letters, digits, '-', '_' or '.'" + (suffixed ? " (a suffix such as -0001 is added)." : "."));
		}
		if (!suffixed) {
			return List.of(name);
		}
		return IntStream.rangeClosed(1, count).mapToObj((index) -> name + String.format("-%04d", index)).toList();
	}

}
