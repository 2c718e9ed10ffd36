package cloud.ims.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SystemToolTests {

	@TempDir
	Path directory;

	@Test
	void failsWithOneLineNamingTheDebianPackageAndNoStackTrace() {
		MissingSystemTool missing = SystemTool.QEMU_IMG.missing();

		assertThat(missing).hasMessage("qemu-img not found: install the Debian package qemu-utils (sudo apt-get "
				+ "install qemu-utils), or run ./ims setup");
		assertThat(missing.getStackTrace()).isEmpty();
		assertThat(missing.getMessage()).doesNotContain("\n");
	}

	@Test
	void findsACommandOnlyAsAnExecutableFileOfTheSearchPath() throws IOException {
		Path empty = Files.createDirectory(this.directory.resolve("empty"));
		Path bin = Files.createDirectory(this.directory.resolve("bin"));
		Path notExecutable = Files.createDirectory(this.directory.resolve("data"));
		Files.createFile(notExecutable.resolve("qemu-img"), PosixFilePermissions.asFileAttribute(
				PosixFilePermissions.fromString("rw-r--r--")));
		Files.createDirectory(empty.resolve("prlimit"));

		assertThat(SystemTool.QEMU_IMG.isInstalled(empty + ":" + notExecutable)).isFalse();
		assertThat(SystemTool.PRLIMIT.isInstalled(empty.toString())).as("a directory of that name").isFalse();
		assertThat(SystemTool.QEMU_IMG.isInstalled(null)).isFalse();

		Files.createFile(bin.resolve("qemu-img"), PosixFilePermissions.asFileAttribute(
				PosixFilePermissions.fromString("rwxr-xr-x")));
		assertThat(SystemTool.QEMU_IMG.isInstalled(empty + "::" + notExecutable + ":" + bin)).isTrue();
	}

	@Test
	void namesOnlyPackagesThatImsSetupInstalls() throws IOException {
		String setup = Files.readString(repositoryRoot().resolve("tools/setup.sh"));

		for (SystemTool tool : SystemTool.values()) {
			assertThat(setup).as("tools/setup.sh installs %s for %s", tool.debianPackage(), tool.toolName())
				.contains("[" + tool.toolName() + "]=" + tool.debianPackage() + "\n");
		}
	}

	private static Path repositoryRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("tools/setup.sh"))) {
				return dir;
			}
		}
		throw new IllegalStateException("no tools/setup.sh above " + Path.of("").toAbsolutePath());
	}

}
