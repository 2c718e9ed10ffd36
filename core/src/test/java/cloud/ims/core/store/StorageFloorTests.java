package cloud.ims.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class StorageFloorTests {

	static Stream<Arguments> writes() {
		return Stream.of(
				// scenario, usable bytes, floor, incoming bytes, refused
				arguments("well above the floor", 10_000L, 1_000L, 5_000L, false),
				arguments("ends exactly on the floor", 10_000L, 1_000L, 9_000L, false),
				arguments("one byte below the floor", 10_000L, 1_000L, 9_001L, true),
				arguments("unknown size, above the floor", 1_001L, 1_000L, 0L, false),
				arguments("unknown size, below the floor already", 999L, 1_000L, 0L, true),
				arguments("no floor, the disk full", 0L, 0L, 0L, false),
				arguments("no floor, more than the disk holds", 10L, 0L, 11L, true));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("writes")
	void refusesAWriteThatWouldLeaveLessThanTheFloorFree(String scenario, long usable, long floor, long incoming,
			boolean refused) {
		StorageFloor storage = new StorageFloor(() -> usable, floor);

		if (refused) {
			assertThatThrownBy(() -> storage.requireRoomFor(incoming)).isInstanceOfSatisfying(ImsException.class,
					(refusal) -> {
						assertThat(refusal.kind()).isEqualTo(Kind.INSUFFICIENT_STORAGE);
						assertThat(refusal.code()).isEqualTo("IMS.0507");
						assertThat(refusal.getMessage()).contains(usable + " bytes free")
							.contains("keeps at least " + floor + " free (ims.store.min-free)");
					});
		}
		else {
			storage.requireRoomFor(incoming);
		}
	}

	@Test
	void failsWhenTheFreeSpaceCannotBeRead() {
		StorageFloor storage = new StorageFloor(() -> {
			throw new IOException("gone");
		}, 1);

		assertThatThrownBy(() -> storage.requireRoomFor(0)).isInstanceOf(UncheckedIOException.class);
	}

	@Test
	void readsTheRealFileSystem() throws IOException {
		java.nio.file.Path here = java.nio.file.Files.createTempDirectory("floor");
		long usable = new FileStoreSpace(here).usableBytes();

		assertThat(usable).isPositive();
		new StorageFloor(new FileStoreSpace(here), 0).requireRoomFor(0);
		assertThatThrownBy(() -> new StorageFloor(new FileStoreSpace(here), usable + (1L << 40)).requireRoomFor(0))
			.isInstanceOf(ImsException.class);
	}

}
