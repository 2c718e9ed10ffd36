package cloud.ims.core.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A program (or files) from a Debian package that tests run for real, with that package: what {@code ./ims setup}
 * installs. A test that needs one calls {@link #require()} (or is annotated {@link RequiresSystemTools}) so that,
 * where it is missing, it fails with one line naming the package rather than a stack trace, and is never skipped.
 */
public enum SystemTool {

	QEMU_IMG("qemu-img", "qemu-utils"),

	PRLIMIT("prlimit", "util-linux"),

	GLANCE("glance", "python3-glanceclient"),

	OPENSTACK("openstack", "python3-openstackclient"),

	/** Debian's Chromium and its chromedriver, by path: nothing else is driven. */
	CHROMIUM("/usr/bin/chromium", "chromium"),

	CHROMEDRIVER("/usr/bin/chromedriver", "chromium-driver"),

	/** Debian's interpreter, by path: the one its python3-* packages install into. */
	PYTHON3("/usr/bin/python3", "python3"),

	GO("go", "golang-go"),

	PATCH("patch", "patch"),

	/** govmomi's sources, from which tools/vcsim/build.sh builds the vCenter simulator. */
	GOVMOMI_SOURCES("/usr/share/gocode/src/github.com/vmware/govmomi/simulator", "golang-github-vmware-govmomi-dev");

	private final String name;

	private final String debianPackage;

	SystemTool(String name, String debianPackage) {
		this.name = name;
		this.debianPackage = debianPackage;
	}

	/** A command looked up on the PATH, or an absolute path. */
	public String toolName() {
		return this.name;
	}

	public String debianPackage() {
		return this.debianPackage;
	}

	/** @throws MissingSystemTool when the tool is not installed */
	public void require() {
		if (!isInstalled(System.getenv("PATH"))) {
			throw missing();
		}
	}

	/** The one-line failure of a test that needs this tool where it is missing. */
	public MissingSystemTool missing() {
		return new MissingSystemTool(this.name + " not found: install the Debian package " + this.debianPackage
				+ " (sudo apt-get install " + this.debianPackage + "), or run ./ims setup");
	}

	/** True when an absolute name exists, or when a command is an executable file in one of the search path's directories. */
	boolean isInstalled(@Nullable String searchPath) {
		if (this.name.startsWith("/")) {
			return Files.exists(Path.of(this.name));
		}
		if (searchPath == null) {
			return false;
		}
		return Arrays.stream(searchPath.split(File.pathSeparator))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, this.name))
			.anyMatch((candidate) -> Files.isRegularFile(candidate) && Files.isExecutable(candidate));
	}

}
