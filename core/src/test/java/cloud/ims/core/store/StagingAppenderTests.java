package cloud.ims.core.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class StagingAppenderTests {

	@TempDir
	Path root;

	private final Random random = new Random(7);

	@Test
	void writesPastThePageCacheOnALocalFileSystem() throws IOException {
		// The build directory is on a disk file system (ext4, xfs...), which offers direct I/O.
		try (var appender = new Closing(StagingAppender.open(Files.createFile(this.root.resolve("staged"))))) {
			assertThat(appender.appender).isInstanceOf(DirectAppender.class);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 511, 4096, 4097, DirectAppender.BUFFER_BYTES - 1, DirectAppender.BUFFER_BYTES,
			DirectAppender.BUFFER_BYTES + 1, 3 * DirectAppender.BUFFER_BYTES + 12345 })
	void directFileHoldsExactlyTheBytesAppended(int size) throws IOException {
		Path file = Files.createFile(this.root.resolve("direct"));
		assertAppendsExactly(DirectAppender.tryOpen(file), file, size);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 4097, DirectAppender.BUFFER_BYTES + 1 })
	void bufferedFileHoldsExactlyTheBytesAppended(int size) throws IOException {
		Path file = Files.createFile(this.root.resolve("buffered"));
		assertAppendsExactly(BufferedAppender.open(file), file, size);
	}

	@Test
	void syncedDirectFileHoldsTheBytes() throws IOException {
		Path file = Files.createFile(this.root.resolve("synced"));
		StagingAppender appender = DirectAppender.tryOpen(file);
		byte[] bytes = randomBytes(100_000);
		appender.append(ByteBuffer.wrap(bytes));
		appender.finish(true);
		assertThat(file).hasBinaryContent(bytes);
	}

	@Test
	void appendLeavesTheCallersBufferAsItWas() throws IOException {
		StagingAppender appender = StagingAppender.open(Files.createFile(this.root.resolve("untouched")));
		ByteBuffer chunk = ByteBuffer.allocateDirect(10_000);
		chunk.put(randomBytes(10_000)).flip().position(100);
		appender.append(chunk);
		appender.finish(false);
		assertThat(chunk.position()).isEqualTo(100);
		assertThat(chunk.limit()).isEqualTo(10_000);
	}

	/** Appends chunks of every size, from heap and direct memory and at odd offsets, as the network hands them. */
	private void assertAppendsExactly(StagingAppender appender, Path file, int size) throws IOException {
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		while (expected.size() < size) {
			byte[] bytes = randomBytes(Math.min(size - expected.size(), 1 + this.random.nextInt(1024 * 1024)));
			expected.write(bytes);
			int offset = this.random.nextInt(7);
			ByteBuffer chunk = this.random.nextBoolean() ? ByteBuffer.allocate(offset + bytes.length)
					: ByteBuffer.allocateDirect(offset + bytes.length);
			chunk.position(offset);
			chunk.put(bytes).position(offset);
			appender.append(chunk);
		}
		appender.finish(false);
		assertThat(file).hasBinaryContent(expected.toByteArray());
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private record Closing(StagingAppender appender) implements AutoCloseable {

		@Override
		public void close() {
			this.appender.abandon();
		}

	}

}
