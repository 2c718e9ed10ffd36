package cloud.ims.core.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import cloud.ims.core.testing.RequiresSystemTools;
import cloud.ims.core.testing.SystemTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@RequiresSystemTools(SystemTool.QEMU_IMG)
class Qcow2OverlayTests {

	private final QemuImg qemuImg = new QemuImg("qemu-img", Duration.ofMinutes(1), 0);

	@TempDir
	Path directory;

	@Test
	void writesAnOverlayQemuImgReadsAsABackedQcow2() throws Exception {
		Path base = this.directory.resolve("base.vmdk");
		this.qemuImg.create(base, "vmdk", 1L << 30);
		Path overlay = this.directory.resolve("disk.qcow2");

		Qcow2Overlay.write(overlay, base, "vmdk", 40L << 30);

		DiskImageInfo info = this.qemuImg.info(overlay);
		assertThat(info.format()).isEqualTo("qcow2");
		assertThat(info.virtualSize()).isEqualTo(40L << 30);
		assertThat(info.backingFile()).isEqualTo(base.toAbsolutePath().toString());
		assertThat(run("qemu-img", "check", overlay.toString())).isZero();
	}

	@Test
	void holdsTheSameDataAsItsBacking() throws Exception {
		Path base = this.directory.resolve("base.raw");
		byte[] data = new byte[1 << 20];
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) (i * 31);
		}
		Files.write(base, data);
		Path overlay = this.directory.resolve("disk.qcow2");

		Qcow2Overlay.write(overlay, base, "raw", data.length);

		assertThat(run("qemu-img", "compare", "-f", "qcow2", "-F", "raw", overlay.toString(), base.toString())).isZero();
	}

	@Test
	void coversLargeDisksWithSeveralL1Clusters() throws Exception {
		Path base = this.directory.resolve("base.qcow2");
		this.qemuImg.create(base, "qcow2", 1L << 30);
		Path overlay = this.directory.resolve("huge.qcow2");

		Qcow2Overlay.write(overlay, base, "qcow2", 8L << 40);

		assertThat(this.qemuImg.info(overlay).virtualSize()).isEqualTo(8L << 40);
		assertThat(run("qemu-img", "check", overlay.toString())).isZero();
	}

	private static int run(String... command) throws Exception {
		Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

}
