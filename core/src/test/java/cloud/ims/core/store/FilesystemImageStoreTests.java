package cloud.ims.core.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FilesystemImageStoreTests {

	private static final int MIB = 1024 * 1024;

	@TempDir
	Path root;

	private FilesystemImageStore store;

	@BeforeEach
	void createStore() {
		this.store = new FilesystemImageStore(this.root);
	}

	@Test
	void stagesBytesWithTheirDigests() throws Exception {
		byte[] bytes = randomBytes(3 * MIB + 123);
		List<Long> progress = new ArrayList<>();

		StagedFile staged = this.store.stage("upload.qcow2", new ByteArrayInputStream(bytes), 10 * MIB, progress::add);

		assertThat(staged.path()).hasBinaryContent(bytes).startsWith(this.root.resolve("staging"));
		assertThat(staged.digests()).isEqualTo(new Digests(hex("SHA-256", bytes), hex("MD5", bytes), bytes.length));
		assertThat(progress).isSorted().last().isEqualTo((long) bytes.length);
		assertThat(progress).hasSizeLessThanOrEqualTo(5);
	}

	@Test
	void digestsFileLikeMessageDigest() throws Exception {
		byte[] bytes = randomBytes(MIB + 7);
		Path file = Files.write(this.root.resolve("some.bin"), bytes);

		assertThat(this.store.digest(file))
			.isEqualTo(new Digests(hex("SHA-256", bytes), hex("MD5", bytes), bytes.length));
	}

	@Test
	void rejectsImageOverTheLimitAndLeavesNoFile() throws IOException {
		InputStream source = new ByteArrayInputStream(randomBytes(2 * MIB + 1));

		assertThatExceptionOfType(ImageTooLarge.class)
			.isThrownBy(() -> this.store.stage("big.raw", source, 2 * MIB, (copied) -> {
			}))
			.satisfies((ex) -> assertThat(ex.maxBytes()).isEqualTo(2 * MIB));
		assertThat(this.root.resolve("staging")).isEmptyDirectory();
	}

	@Test
	void acceptsImageOfExactlyTheLimit() throws IOException {
		StagedFile staged = this.store.stage("exact.raw", new ByteArrayInputStream(randomBytes(MIB)), MIB, (copied) -> {
		});

		assertThat(staged.digests().size()).isEqualTo(MIB);
	}

	@Test
	void publishesStagedFileUnderImageId() throws IOException {
		byte[] bytes = randomBytes(1000);
		String imageId = UUID.randomUUID().toString();
		StagedFile staged = this.store.stage("a.raw", new ByteArrayInputStream(bytes), MIB, (copied) -> {
		});

		StoredObject stored = this.store.put(imageId, staged.path());

		assertThat(staged.path()).doesNotExist();
		assertThat(stored).isEqualTo(new StoredObject(imageId, this.root.resolve("objects").resolve(imageId), 1000));
		assertThat(this.store.find(imageId)).contains(stored);
		assertThat(this.store.localPath(imageId)).contains(stored.path());
		try (InputStream in = this.store.open(imageId, 100)) {
			assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 100, 1000));
		}
	}

	@Test
	void publishesWorkFileReplacingEarlierData() throws IOException {
		String imageId = UUID.randomUUID().toString();
		this.store.put(imageId, Files.writeString(this.store.newWorkFile("first.vmdk"), "first"));
		Path work = this.store.newWorkFile("second.vmdk");
		Files.writeString(work, "second!");

		assertThat(work).startsWithRaw(this.root.resolve("work"));
		assertThat(this.store.put(imageId, work).size()).isEqualTo(7);
		assertThat(this.store.localPath(imageId).orElseThrow()).hasContent("second!");
	}

	@Test
	void deletesImageDataIdempotently() throws IOException {
		String imageId = UUID.randomUUID().toString();
		this.store.put(imageId, Files.writeString(this.store.newWorkFile("x"), "data"));

		assertThat(this.store.delete(imageId)).isTrue();
		assertThat(this.store.delete(imageId)).isFalse();
		assertThat(this.store.find(imageId)).isEmpty();
		assertThat(this.store.localPath(imageId)).isEmpty();
		assertThatExceptionOfType(NoSuchFileException.class).isThrownBy(() -> this.store.open(imageId, 0));
	}

	@Test
	void sharesDataWithoutCopyingAndKeepsItUntilTheLastImageThatNamesItIsDeleted() throws IOException {
		String source = UUID.randomUUID().toString();
		String copy = UUID.randomUUID().toString();
		this.store.put(source, Files.writeString(this.store.newWorkFile("x"), "shared data"));

		StoredObject shared = this.store.share(source, copy);

		assertThat(shared).isEqualTo(new StoredObject(copy, this.root.resolve("objects").resolve(copy), 11));
		assertThat(Files.isSameFile(shared.path(), this.store.localPath(source).orElseThrow())).isTrue();
		assertThat(Files.getAttribute(shared.path(), "unix:nlink")).isEqualTo(2);
		assertThat(this.store.share(source, copy)).as("a repeat").isEqualTo(shared);
		assertThat(this.store.delete(source)).isTrue();
		assertThat(this.store.localPath(copy).orElseThrow()).hasContent("shared data");
		assertThat(Files.getAttribute(shared.path(), "unix:nlink")).isEqualTo(1);
		assertThat(this.store.delete(copy)).isTrue();
		assertThat(this.root.resolve("objects")).isEmptyDirectory();
	}

	@Test
	void refusesToShareDataWhoseLastImageWasDeleted() throws IOException {
		String source = UUID.randomUUID().toString();
		String copy = UUID.randomUUID().toString();
		this.store.put(source, Files.writeString(this.store.newWorkFile("x"), "data"));
		this.store.delete(source);

		assertThatExceptionOfType(NoSuchFileException.class).isThrownBy(() -> this.store.share(source, copy));
		assertThat(this.store.find(copy)).isEmpty();
	}

	@Test
	void publishesExportsAndRemovesThosePublishedBeforeACutoff() throws IOException {
		String image = UUID.randomUUID().toString();
		String converted = UUID.randomUUID().toString();
		String quick = UUID.randomUUID().toString();
		this.store.put(image, Files.writeString(this.store.newWorkFile("x"), "stored data"));
		Path work = Files.writeString(this.store.newWorkFile(converted + ".qcow2"), "converted!");

		StoredExport first = this.store.putExport(converted, image + ".qcow2", work);
		StoredExport second = this.store.shareAsExport(image, quick, image + ".vmdk");

		assertThat(work).doesNotExist();
		assertThat(first.path()).hasContent("converted!").hasFileName(image + ".qcow2");
		assertThat(first.size()).isEqualTo(10);
		assertThat(Files.isSameFile(second.path(), this.store.localPath(image).orElseThrow())).isTrue();
		assertThat(this.store.findExport(converted)).contains(first);
		assertThat(this.store.findExport(UUID.randomUUID().toString())).isEmpty();
		Files.setLastModifiedTime(first.path().getParent(),
				FileTime.from(first.publishedAt().minus(Duration.ofHours(25))));

		assertThat(this.store.removeExportsPublishedBefore(Instant.now().minus(Duration.ofHours(24)))).isEqualTo(1);

		assertThat(this.store.findExport(converted)).isEmpty();
		assertThat(first.path().getParent()).doesNotExist();
		assertThat(this.store.findExport(quick)).isPresent();
		assertThat(this.store.localPath(image).orElseThrow()).hasContent("stored data");
		assertThat(this.store.removeExportsPublishedBefore(Instant.now().plusSeconds(1))).isEqualTo(1);
		assertThat(this.store.localPath(image).orElseThrow()).as("an image's data outlives its quick export")
			.hasContent("stored data");
	}

	@Test
	void discardsOnlyStagingAndWorkFiles() throws IOException {
		Path work = Files.writeString(this.store.newWorkFile("x"), "data");
		Path outside = Files.writeString(this.root.resolve("precious"), "data");

		this.store.discard(work);
		this.store.discard(outside);
		this.store.discard(work);

		assertThat(work).doesNotExist();
		assertThat(outside).exists();
	}

	@Test
	void keepsNameHintsInsideTheWorkArea() {
		Path work = this.store.newWorkFile("../../etc/passwd");

		assertThat(work).startsWithRaw(this.root.resolve("work")).doesNotExist();
		assertThat(work.getFileName().toString()).endsWith("__.._etc_passwd");
	}

	@ParameterizedTest
	@ValueSource(strings = { "../objects/x", "..", "", "not-a-uuid", "/etc/passwd",
			"3F2504E0-4F89-11D3-9A0C-0305E82C3301", "3f2504e0-4f89-11d3-9a0c-0305e82c3301/.." })
	void rejectsIdsThatAreNotUuids(String imageId) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.find(imageId));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.delete(imageId));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.open(imageId, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.localPath(imageId));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.store.put(imageId, Files.writeString(this.store.newWorkFile("x"), "data")));
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		new Random(length).nextBytes(bytes);
		return bytes;
	}

	private static String hex(String algorithm, byte[] bytes) throws NoSuchAlgorithmException {
		return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
	}

}
