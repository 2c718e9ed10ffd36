package cloud.ims.core.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import cloud.ims.core.testing.RequiresSystemTools;
import cloud.ims.core.testing.SystemTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@RequiresSystemTools({ SystemTool.QEMU_IMG, SystemTool.PRLIMIT })
class QemuImgTests {

	private static final long MIB = 1024 * 1024;

	private final QemuImg qemuImg = new QemuImg("qemu-img", Duration.ofSeconds(30), 1024 * MIB);

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "qcow2", "raw", "vmdk" })
	void describesImageOfEachFormat(String format) throws IOException {
		Path image = this.directory.resolve("disk." + format);
		this.qemuImg.create(image, format, 10 * MIB);

		DiskImageInfo info = this.qemuImg.info(image);

		assertThat(info.format()).isEqualTo(format);
		assertThat(info.virtualSize()).isEqualTo(10 * MIB);
		assertThat(info.actualSize()).isPositive();
		assertThat(info.referencesOtherFiles()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "qcow2", "qcow", "qed", "vmdk", "vpc", "vhdx", "vdi", "parallels", "raw" })
	void readsEachFormatItsHeaderShows(String format) throws IOException {
		Path image = this.directory.resolve("disk." + format);
		this.qemuImg.create(image, format, MIB);

		assertThat(DiskFormatSniffer.formatOf(image)).isEqualTo(format);
		assertThat(this.qemuImg.info(image).format()).isEqualTo(format);
	}

	@Test
	void readsAFixedVhdAsAVhdWhereQemuImgLeftToGuessTakesItForRaw() throws IOException {
		Path raw = this.directory.resolve("disk.raw");
		Path fixed = this.directory.resolve("fixed.vhd");
		this.qemuImg.create(raw, "raw", MIB);
		this.qemuImg.convert(raw, "raw", fixed, "vpc", List.of("subformat=fixed"));

		DiskImageInfo info = this.qemuImg.info(fixed);

		assertThat(info.format()).isEqualTo("vpc");
		assertThat(info.virtualSize()).as("the disk, rounded up to whole cylinders, without the footer")
			.isBetween(MIB, 2 * MIB)
			.isEqualTo(Files.size(fixed) - 512);
	}

	@Test
	void detectsBackingFile() throws IOException {
		Path base = this.directory.resolve("base.qcow2");
		Path overlay = this.directory.resolve("overlay.qcow2");
		this.qemuImg.create(base, "qcow2", 10 * MIB);

		this.qemuImg.createOverlay(overlay, base, "qcow2", 20 * MIB);

		DiskImageInfo info = this.qemuImg.info(overlay);
		assertThat(info.backingFile()).isEqualTo(base.toAbsolutePath().toString());
		assertThat(info.virtualSize()).isEqualTo(20 * MIB);
		assertThat(info.referencesOtherFiles()).isTrue();
	}

	@Test
	void detectsExternalDataFileOfQcow2() throws IOException {
		Path raw = this.directory.resolve("disk.raw");
		Path image = this.directory.resolve("disk.qcow2");
		this.qemuImg.create(raw, "raw", MIB);

		this.qemuImg.convert(raw, "raw", image, "qcow2", List.of("data_file=" + this.directory.resolve("data.bin")));

		DiskImageInfo info = this.qemuImg.info(image);
		assertThat(info.dataFile()).endsWith("data.bin");
		assertThat(info.referencesOtherFiles()).isTrue();
	}

	@Test
	void detectsVmdkWhoseExtentsAreOtherFiles() throws IOException {
		Path raw = this.directory.resolve("disk.raw");
		Path image = this.directory.resolve("split.vmdk");
		this.qemuImg.create(raw, "raw", MIB);

		this.qemuImg.convert(raw, "raw", image, "vmdk", List.of("subformat=twoGbMaxExtentSparse"));

		DiskImageInfo info = this.qemuImg.info(image);
		assertThat(info.hasExternalExtents()).isTrue();
		assertThat(info.referencesOtherFiles()).isTrue();
	}

	@Test
	void convertsQcow2ToStreamOptimizedVmdk() throws IOException {
		Path source = this.directory.resolve("disk.qcow2");
		Path target = this.directory.resolve("disk.vmdk");
		this.qemuImg.create(source, "qcow2", 10 * MIB);

		this.qemuImg.convert(source, "qcow2", target, "vmdk", List.of("subformat=streamOptimized"));

		DiskImageInfo info = this.qemuImg.info(target);
		assertThat(info.format()).isEqualTo("vmdk");
		assertThat(info.virtualSize()).isEqualTo(10 * MIB);
		assertThat(info.referencesOtherFiles()).isFalse();
		assertThat(info.vmdkSubformat()).isEqualTo("streamOptimized");
	}

	@Test
	void reportsTheProgressOfAConversionUpToTheEnd() throws IOException {
		Path raw = Files.write(this.directory.resolve("disk.raw"), randomBytes(64 * (int) MIB));
		Path target = this.directory.resolve("disk.qcow2");
		List<Double> progress = new CopyOnWriteArrayList<>();

		this.qemuImg.convert(raw, "raw", target, "qcow2", List.of(), progress::add);

		assertThat(progress).isNotEmpty().isSorted().allSatisfy((fraction) -> assertThat(fraction).isBetween(0.0, 1.0));
		assertThat(progress.get(progress.size() - 1)).isEqualTo(1.0);
		assertThat(this.qemuImg.info(target).virtualSize()).isEqualTo(64 * MIB);
	}

	@Test
	void stopsAConversionWhoseProgressListenerThrowsAndRemovesItsOutput() throws IOException {
		Path raw = Files.write(this.directory.resolve("disk.raw"), randomBytes(8 * (int) MIB));
		Path target = this.directory.resolve("disk.qcow2");

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.qemuImg.convert(raw, "raw", target,
				"qcow2", List.of(), (fraction) -> {
					throw new IllegalStateException("the job ended");
				}));

		assertThat(target).doesNotExist();
	}

	@Test
	void tellsTheSubformatOfAVmdkOnly() throws IOException {
		Path sparse = this.directory.resolve("sparse.vmdk");
		Path qcow2 = this.directory.resolve("disk.qcow2");
		this.qemuImg.create(sparse, "vmdk", 10 * MIB);
		this.qemuImg.create(qcow2, "qcow2", 10 * MIB);

		assertThat(this.qemuImg.info(sparse).vmdkSubformat()).isEqualTo("monolithicSparse");
		assertThat(this.qemuImg.info(qcow2).vmdkSubformat()).isNull();
	}

	@Test
	void findsAStreamOptimizedVmdkWholeAndOneCutShortDamaged() throws IOException {
		Path raw = Files.write(this.directory.resolve("disk.raw"), randomBytes(4 * (int) MIB));
		Path whole = this.directory.resolve("whole.vmdk");
		this.qemuImg.convert(raw, "raw", whole, "vmdk", List.of("subformat=streamOptimized"));
		byte[] bytes = Files.readAllBytes(whole);
		Path cutShort = Files.write(this.directory.resolve("cut.vmdk"), Arrays.copyOf(bytes, bytes.length / 2));

		this.qemuImg.check(whole, "vmdk");
		assertThat(this.qemuImg.info(cutShort).format()).as("the header alone still reads").isEqualTo("vmdk");
		assertThatExceptionOfType(QemuImgFailed.class).isThrownBy(() -> this.qemuImg.check(cutShort, "vmdk"))
			.withMessageContaining("qemu-img check of 'cut.vmdk' failed");
	}

	@Test
	void killsOperationThatOutlivesItsTimeout() throws IOException {
		Path source = this.directory.resolve("disk.qcow2");
		Path target = this.directory.resolve("disk.vmdk");
		this.qemuImg.create(source, "qcow2", 10 * MIB);
		QemuImg impatient = new QemuImg("qemu-img", Duration.ofNanos(1), 1024 * MIB);

		assertThatExceptionOfType(QemuImgTimedOut.class)
			.isThrownBy(() -> impatient.convert(source, "qcow2", target, "vmdk", List.of()))
			.withMessageContaining("convert of 'disk.qcow2' timed out");
		assertThat(target).doesNotExist();
	}

	@Test
	void explainsFailureOnFileThatIsNotAnImage() throws IOException {
		Path notes = Files.writeString(this.directory.resolve("notes.txt"), "not a disk image\n");
		Path target = this.directory.resolve("notes.raw");

		assertThatExceptionOfType(QemuImgFailed.class)
			.isThrownBy(() -> this.qemuImg.convert(notes, "qcow2", target, "raw", List.of()))
			.withMessageContaining("qemu-img convert of 'notes.txt' failed")
			.withMessageContaining("'notes.txt': Image is not in qcow2 format")
			.withMessageNotContaining(this.directory.toString());
		assertThat(target).doesNotExist();
	}

	@Test
	void explainsFailureOnMissingFile() {
		assertThatExceptionOfType(QemuImgFailed.class)
			.isThrownBy(() -> this.qemuImg.info(this.directory.resolve("missing.qcow2")))
			.withMessageStartingWith("qemu-img info of 'missing.qcow2' failed: ")
			.withMessageContaining("No such file")
			.withMessageNotContaining(this.directory.toString());
	}

	@Test
	void failsOperationThatExceedsItsMemoryLimit() throws IOException {
		Path image = this.directory.resolve("disk.qcow2");
		QemuImg starved = new QemuImg("qemu-img", Duration.ofSeconds(30), 16 * MIB);

		assertThatExceptionOfType(QemuImgFailed.class).isThrownBy(() -> starved.create(image, "qcow2", MIB));
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		new Random(42).nextBytes(bytes);
		return bytes;
	}

}
