package cloud.ims.core.store;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelDigestsTests {

	@Test
	void digestsEveryChunkInOrderAsOneThreadWould() throws Exception {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		MessageDigest md5 = MessageDigest.getInstance("MD5");
		Random random = new Random(3);
		long size = 0;
		try (ParallelDigests digests = new ParallelDigests()) {
			// More bytes than may be in flight, so that the caller has to wait for the digests now and then.
			while (size < 3L * ParallelDigests.MAX_BYTES_IN_FLIGHT) {
				byte[] chunk = new byte[1 + random.nextInt(256 * 1024)];
				random.nextBytes(chunk);
				sha256.update(chunk);
				md5.update(chunk);
				digests.add(ByteBuffer.wrap(chunk), () -> {
				});
				size += chunk.length;
			}

			Digests result = digests.finish(size);

			assertThat(result.sha256Hex()).isEqualTo(HexFormat.of().formatHex(sha256.digest()));
			assertThat(result.md5Hex()).isEqualTo(HexFormat.of().formatHex(md5.digest()));
			assertThat(result.size()).isEqualTo(size);
		}
	}

	@Test
	void digestsNothingAsTheDigestsOfNoBytes() throws Exception {
		try (ParallelDigests digests = new ParallelDigests()) {
			Digests result = digests.finish(0);

			assertThat(result.sha256Hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
			assertThat(result.md5Hex()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
		}
	}

}
