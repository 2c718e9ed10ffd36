package cloud.ims.core.qemu;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostPathsTests {

	@Test
	void keepsOnlyFileNamesOfAbsolutePaths() {
		assertThat(HostPaths.lastLine("Formatting...\nqemu-img: Could not open '/srv/ims/work/x.qcow2': Image is not in qcow2 format\n",
				List.of()))
			.isEqualTo("Could not open 'x.qcow2': Image is not in qcow2 format");
	}

	@Test
	void removesKnownDirectoriesEvenWithSpaces() {
		assertThat(HostPaths.strip("Could not open '/srv/my images/a b.vmdk': No such file or directory",
				List.of(Path.of("/srv/my images"))))
			.isEqualTo("Could not open 'a b.vmdk': No such file or directory");
	}

	@Test
	void reportsMissingErrorOutput() {
		assertThat(HostPaths.lastLine("  \n", List.of())).isEqualTo("no error output");
	}

}
