package cloud.ims.core.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class StagingSinkTests {

	private static final int MIB = 1024 * 1024;

	@TempDir
	Path root;

	private FilesystemImageStore store;

	private final Random random = new Random(5);

	private final AtomicInteger taken = new AtomicInteger();

	private final AtomicInteger released = new AtomicInteger();

	@BeforeEach
	void createStore() {
		this.store = new FilesystemImageStore(this.root);
	}

	@Test
	void stagesDirectChunksWithTheirDigestsAndHandsEachBackOnce() throws Exception {
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		try (StagingSink sink = this.store.openStaging("direct", Long.MAX_VALUE)) {
			// More than the digests hold in flight, so that the writer waits for them now and then.
			while (expected.size() < 2 * ParallelDigests.MAX_BYTES_IN_FLIGHT) {
				byte[] bytes = randomBytes(1 + this.random.nextInt(MIB));
				expected.write(bytes);
				sink.write(tracked(bytes), this::release);
			}

			StagedFile staged = sink.finishWithoutSync();

			byte[] all = expected.toByteArray();
			assertThat(staged.path()).hasBinaryContent(all);
			// Random bytes are neither an ISO nor a VMDK: they would be converted, so their MD5 is not computed.
			assertThat(staged.digests()).isEqualTo(new Digests(hex("SHA-256", all), null, all.length));
		}
		assertThat(this.released).hasValue(this.taken.get());
	}

	@Test
	void keepsTheMd5OfAFileThatMayBeStoredAsItIs() throws Exception {
		byte[] vmdk = randomBytes(3 * MIB);
		System.arraycopy("KDMV".getBytes(), 0, vmdk, 0, 4);
		byte[] iso = randomBytes(3 * MIB);
		System.arraycopy("CD001".getBytes(), 0, iso, 32769, 5);
		byte[] tiny = randomBytes(VerbatimCandidate.HEADER_LENGTH - 1);

		for (byte[] bytes : new byte[][] { vmdk, iso, tiny }) {
			try (StagingSink sink = this.store.openStaging("verbatim", Long.MAX_VALUE)) {
				// Small chunks, so that the header spans several of them.
				for (int offset = 0; offset < bytes.length; offset += 1000) {
					sink.write(java.util.Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + 1000)));
				}

				StagedFile staged = sink.finishWithoutSync();

				assertThat(staged.digests())
					.isEqualTo(new Digests(hex("SHA-256", bytes), hex("MD5", bytes), bytes.length));
				this.store.discard(staged.path());
			}
		}
	}

	@Test
	void handsBackEveryChunkOnceWhenTheMd5IsDroppedWithChunksInFlight() throws Exception {
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		try (StagingSink sink = this.store.openStaging("dropped", Long.MAX_VALUE)) {
			// One byte at first, so that the MD5 has taken chunks in before the header rules the file out.
			for (int size : new int[] { 1, 100, 40_000, MIB, MIB, MIB }) {
				byte[] bytes = randomBytes(size);
				expected.write(bytes);
				sink.write(tracked(bytes), this::release);
			}

			StagedFile staged = sink.finishWithoutSync();

			byte[] all = expected.toByteArray();
			assertThat(staged.digests()).isEqualTo(new Digests(hex("SHA-256", all), null, all.length));
		}
		assertThat(this.released).hasValue(6);
	}

	@Test
	void handsBackEveryChunkOnceWhenAbortedWithChunksInFlight() throws Exception {
		StagingSink sink = this.store.openStaging("aborted", Long.MAX_VALUE);
		for (int i = 0; i < 40; i++) {
			sink.write(tracked(randomBytes(MIB)), this::release);
		}

		sink.abort();

		await().untilAsserted(() -> assertThat(this.released).hasValue(40));
		assertThat(sink.path()).doesNotExist();
	}

	@Test
	void handsBackAChunkWrittenAfterTheSinkWasAbortedFromAnotherThread() throws Exception {
		StagingSink sink = this.store.openStaging("late", Long.MAX_VALUE);
		sink.abort();

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> sink.write(tracked(randomBytes(MIB)), this::release));

		assertThat(this.released).hasValue(1);
	}

	@Test
	void handsBackAndWritesNothingOfAChunkBeyondTheLimit() throws Exception {
		try (StagingSink sink = this.store.openStaging("large", 3 * MIB)) {
			sink.write(tracked(randomBytes(2 * MIB)), this::release);

			assertThatExceptionOfType(ImageTooLarge.class)
				.isThrownBy(() -> sink.write(tracked(randomBytes(2 * MIB)), this::release));
			assertThat(sink.written()).isEqualTo(2 * MIB);
			assertThat(sink.finishWithoutSync().path()).hasSize(2 * MIB);
		}
		await().untilAsserted(() -> assertThat(this.released).hasValue(2));
	}

	private ByteBuffer tracked(byte[] bytes) {
		this.taken.incrementAndGet();
		ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
		direct.put(bytes).flip();
		return direct;
	}

	private void release() {
		this.released.incrementAndGet();
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private static String hex(String algorithm, byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
	}

}
