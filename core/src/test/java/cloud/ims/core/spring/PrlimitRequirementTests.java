package cloud.ims.core.spring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrlimitRequirementTests {

	@TempDir
	Path directory;

	@Test
	void refusesToStartAWorkerWithoutPrlimitNamingThePackageThatProvidesIt() throws IOException {
		Path bin = Files.createDirectory(this.directory.resolve("bin"));
		Files.createFile(bin.resolve("qemu-img"));

		assertThatThrownBy(() -> DataPlaneConfiguration.requirePrlimit(bin.toString()))
			.isInstanceOf(InvalidSettings.class)
			.hasMessage("prlimit is not on the PATH, and qemu-img, which reads untrusted images, may only run under "
					+ "prlimit's memory limit: the worker does not start without it.")
			.extracting((refused) -> ((InvalidSettings) refused).action())
			.isEqualTo("Install the Debian package util-linux (sudo apt-get install util-linux), which provides "
					+ "prlimit.");
	}

	@Test
	void startsWhenAnExecutablePrlimitIsOnThePath() throws IOException {
		Path empty = Files.createDirectory(this.directory.resolve("empty"));
		Path bin = Files.createDirectory(this.directory.resolve("bin"));
		Files.createFile(bin.resolve("prlimit"), PosixFilePermissions.asFileAttribute(
				PosixFilePermissions.fromString("rwxr-xr-x")));

		assertThatNoException().isThrownBy(() -> DataPlaneConfiguration.requirePrlimit(empty + ":" + bin));
	}

	@Test
	void refusesAPrlimitThatCannotBeRun() throws IOException {
		Path bin = Files.createDirectory(this.directory.resolve("bin"));
		Files.createFile(bin.resolve("prlimit"), PosixFilePermissions.asFileAttribute(
				PosixFilePermissions.fromString("rw-r--r--")));

		assertThatThrownBy(() -> DataPlaneConfiguration.requirePrlimit(bin.toString()))
			.isInstanceOf(InvalidSettings.class);
	}

	@Test
	void refusesQemuImgWithoutAMemoryLimit() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DataPlaneSettings.QemuImgSettings("qemu-img", Duration.ofMinutes(10), DataSize.ofBytes(0)))
			.withMessageStartingWith("ims.qemu-img.memory-limit must be positive, not 0B");
	}

}
