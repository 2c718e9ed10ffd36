package cloud.ims.core.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DiskFormatSnifferTests {

	private static final byte[] NONE = new byte[0];

	@TempDir
	Path directory;

	@Test
	void tellsQcow2FromTheFirstQcowByItsVersion() {
		assertThat(DiskFormatSniffer.formatOf(qcow(3), NONE)).isEqualTo("qcow2");
		assertThat(DiskFormatSniffer.formatOf(qcow(2), NONE)).isEqualTo("qcow2");
		assertThat(DiskFormatSniffer.formatOf(qcow(1), NONE)).isEqualTo("qcow");
		assertThat(DiskFormatSniffer.formatOf(qcow(0), NONE)).as("no qcow version 0").isEqualTo("raw");
	}

	@Test
	void recognisesASparseVmdkAnEsxSparseOneAndADescriptor() {
		assertThat(DiskFormatSniffer.formatOf(header("KDMV"), NONE)).isEqualTo("vmdk");
		assertThat(DiskFormatSniffer.formatOf(header("COWD"), NONE)).isEqualTo("vmdk");
		assertThat(DiskFormatSniffer.formatOf(header("# Disk DescriptorFile\nversion=1\nCID=fffffffe\n"), NONE))
			.isEqualTo("vmdk");
		assertThat(DiskFormatSniffer.formatOf(header("# Disk DescriptorFile\r\n   \r\nversion=3\r\n"), NONE))
			.isEqualTo("vmdk");
	}

	@Test
	void takesTextThatOnlyLooksLikeADescriptorForRaw() {
		assertThat(DiskFormatSniffer.formatOf(header("# Disk DescriptorFile\nCID=fffffffe\nversion=1\n"), NONE))
			.as("version= must come first").isEqualTo("raw");
		assertThat(DiskFormatSniffer.formatOf(header("# Disk DescriptorFile\nversion=4\n"), NONE)).isEqualTo("raw");
		assertThat(DiskFormatSniffer.formatOf(header("# only a comment"), NONE)).isEqualTo("raw");
	}

	@Test
	void recognisesAVhdByTheCopyOfItsFooterAtTheStartOrByTheFooterAlone() {
		assertThat(DiskFormatSniffer.formatOf(header("conectix"), header("conectix"))).isEqualTo("vpc");
		assertThat(DiskFormatSniffer.formatOf(new byte[2048], header("conectix"))).as("a fixed VHD").isEqualTo("vpc");
	}

	@Test
	void recognisesTheOtherFormatsQemuKnows() {
		assertThat(DiskFormatSniffer.formatOf(header("vhdxfile"), NONE)).isEqualTo("vhdx");
		assertThat(DiskFormatSniffer.formatOf(header("QED\0"), NONE)).isEqualTo("qed");
		assertThat(DiskFormatSniffer.formatOf(vdi(), NONE)).isEqualTo("vdi");
		assertThat(DiskFormatSniffer.formatOf(bytes(new byte[] { 'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe }),
				NONE)).isEqualTo("luks");
		assertThat(DiskFormatSniffer.formatOf(header("WithoutFreeSpace"), NONE)).isEqualTo("parallels");
		assertThat(DiskFormatSniffer.formatOf(header("Bochs Virtual HD Image"), NONE)).isEqualTo("bochs");
	}

	@Test
	void takesAnythingElseForRaw() {
		assertThat(DiskFormatSniffer.formatOf(new byte[2048], new byte[512])).isEqualTo("raw");
		assertThat(DiskFormatSniffer.formatOf(NONE, NONE)).as("an empty file").isEqualTo("raw");
		assertThat(DiskFormatSniffer.formatOf(header("QFI"), NONE)).as("a magic cut short").isEqualTo("raw");
		assertThat(DiskFormatSniffer.formatOf(header("xKDMV"), NONE)).as("a magic not at the start").isEqualTo("raw");
	}

	@Test
	void readsTheHeaderAndTheLastSectorOfAFile() throws IOException {
		byte[] fixedVhd = new byte[4096];
		System.arraycopy(ascii("conectix"), 0, fixedVhd, 4096 - 512, 8);
		byte[] tiny = ascii("KDMV");

		assertThat(DiskFormatSniffer.formatOf(Files.write(this.directory.resolve("fixed.vhd"), fixedVhd)))
			.isEqualTo("vpc");
		assertThat(DiskFormatSniffer.formatOf(Files.write(this.directory.resolve("tiny.vmdk"), tiny)))
			.isEqualTo("vmdk");
		assertThat(DiskFormatSniffer.formatOf(Files.write(this.directory.resolve("empty"), NONE))).isEqualTo("raw");
	}

	private static byte[] qcow(int version) {
		return bytes(ByteBuffer.allocate(104).put(new byte[] { 'Q', 'F', 'I', (byte) 0xfb }).putInt(version).array());
	}

	private static byte[] vdi() {
		ByteBuffer header = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
		header.put(ascii("<<< Oracle VM VirtualBox Disk Image >>>\n"));
		header.putInt(0x40, 0xbeda107f);
		return header.array();
	}

	private static byte[] header(String start) {
		return bytes(ascii(start));
	}

	/** A 2 KiB header that starts with these bytes. */
	private static byte[] bytes(byte[] start) {
		return Arrays.copyOf(start, Math.max(start.length, 2048));
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

}
