package cloud.ims.core.qemu;

import java.nio.file.Path;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Keeps host directory names out of messages that may reach a tenant: {@code '/srv/ims/work/x.vmdk'} becomes
 * {@code 'x.vmdk'}.
 */
final class HostPaths {

	private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])(?:/[^/\\s'\"]+)*/([^/\\s'\"]+)");

	private HostPaths() {
	}

	/**
	 * @param directories directories known to appear in the text; removing them first also covers names with spaces
	 */
	static String strip(String text, Collection<Path> directories) {
		String stripped = text;
		for (Path directory : directories) {
			String prefix = directory.toString();
			if (!prefix.isEmpty() && !prefix.equals("/")) {
				stripped = stripped.replace(prefix + "/", "");
			}
		}
		return ABSOLUTE_PATH.matcher(stripped).replaceAll("$1");
	}

	/** The last non-blank line of qemu-img's error output, which is where it states the reason. */
	static String lastLine(String stderr, Collection<Path> directories) {
		String[] lines = stderr.strip().split("\\R");
		String last = lines[lines.length - 1].strip();
		if (last.isEmpty()) {
			return "no error output";
		}
		if (last.startsWith("qemu-img: ")) {
			last = last.substring("qemu-img: ".length());
		}
		return strip(last, directories);
	}

}
