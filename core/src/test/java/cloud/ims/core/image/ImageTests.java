package cloud.ims.core.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final ImageData DATA = new ImageData("vmdk", 10, 20, "md5", "sha");

	@Test
	void goesFromQueuedThroughSavingToActive() {
		Image saving = queued().startSaving(NOW).orElseThrow();
		Image active = saving.activate(DATA, NOW).orElseThrow();

		assertThat(saving.status()).isEqualTo(ImageStatus.SAVING);
		assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
		assertThat(active.data()).isEqualTo(DATA);
		assertThat(active.startSaving(NOW)).isEmpty();
		assertThat(active.kill(NOW)).isEmpty();
	}

	@Test
	void isKilledWhenSavingFailsAndStaysKilled() {
		Image killed = queued().startSaving(NOW).flatMap((image) -> image.kill(NOW)).orElseThrow();

		assertThat(killed.status()).isEqualTo(ImageStatus.KILLED);
		assertThat(killed.activate(DATA, NOW)).isEmpty();
	}

	@Test
	void isVisibleToItsOwnerOrToAllWhenPublic() {
		Image image = queued();

		assertThat(image.isVisibleTo("owner")).isTrue();
		assertThat(image.isVisibleTo("other")).isFalse();
	}

	private static Image queued() {
		return new Image(ImageId.newId(), "img", ImageStatus.QUEUED, Visibility.PRIVATE, "owner", false, List.of(),
				"bare", 1, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), null, NOW, NOW, 0);
	}

}
