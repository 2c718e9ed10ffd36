package cloud.ims.core.qemu;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * util-linux's {@code prlimit}, under which every qemu-img run gets its address-space limit. It is required, not
 * optional: without it a crafted image could make qemu-img exhaust the worker's memory.
 */
public final class Prlimit {

	/** The Debian package that provides {@code prlimit}. */
	public static final String DEBIAN_PACKAGE = "util-linux";

	private Prlimit() {
	}

	/**
	 * The {@code prlimit} executable found on a search path.
	 * @param searchPath a {@code PATH}-like list of directories
	 * @throws PrlimitMissing when none of the directories holds it
	 */
	public static Path require(@Nullable String searchPath) {
		return find(searchPath).orElseThrow(() -> new PrlimitMissing("prlimit is not on the PATH, and qemu-img may "
				+ "only run on untrusted images under its memory limit. Install the Debian package " + DEBIAN_PACKAGE
				+ " (sudo apt-get install " + DEBIAN_PACKAGE + "), or put prlimit on the PATH."));
	}

	static Optional<Path> find(@Nullable String searchPath) {
		if (searchPath == null) {
			return Optional.empty();
		}
		for (String directory : searchPath.split(File.pathSeparator)) {
			if (directory.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(directory, "prlimit");
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
