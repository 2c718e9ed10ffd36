package cloud.ims.gateway.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.security.Caller.Credential;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sizes of an image as each client reads them (ADR 35): exact 64-bit numbers for token holders, null where a
 * Huawei SDK model's 32-bit integer cannot hold them, and the exact stored size as a string for everyone.
 */
class ImageViewTests {

	private static final long GIB = 1L << 30;

	private static final Caller TOKEN_HOLDER = new Caller("alice", "p1", Set.of("member"), "r");

	private static final Caller SDK_USER = new Caller("alice", "p1", Set.of("member"), "r", Credential.ACCESS_KEY);

	@Test
	void tellsTheCallersThatSignedWithAnAccessKeyFromTheTokenHolders() {
		assertThat(TOKEN_HOLDER.credential()).isEqualTo(Credential.TOKEN);
		assertThat(TOKEN_HOLDER.readsHuaweiSdkModels()).isFalse();
		assertThat(SDK_USER.readsHuaweiSdkModels()).isTrue();
	}

	@Test
	void showsTokenHoldersTheExactSizesOfAnImageBeyondTwoGibibytes() {
		Map<String, Object> view = ImageView.glance(image(3 * GIB, 40 * GIB), false, TOKEN_HOLDER);

		assertThat(view).containsEntry("size", 3 * GIB)
			.containsEntry("virtual_size", 40 * GIB)
			.containsEntry("__image_size", String.valueOf(3 * GIB));
	}

	@Test
	void leavesOutOfTheSdksGlanceViewOnlyTheVirtualSizeItsIntegerCannotHold() {
		Map<String, Object> view = ImageView.glance(image(3 * GIB, 40 * GIB), false, SDK_USER);

		assertThat(view).containsEntry("size", 3 * GIB)
			.containsEntry("virtual_size", null)
			.containsEntry("__image_size", String.valueOf(3 * GIB))
			.containsEntry("owner", "p1")
			.containsEntry("__imagetype", "private");
	}

	@Test
	void givesTheSdkTheVirtualSizeWhileItFitsAnInteger() {
		assertThat(ImageView.glance(image(1024, Integer.MAX_VALUE), false, SDK_USER))
			.containsEntry("virtual_size", Integer.MAX_VALUE);
		assertThat(ImageView.glance(image(1024, Integer.MAX_VALUE + 1L), false, SDK_USER))
			.containsEntry("virtual_size", null);
		assertThat(ImageView.glance(image(1024, Integer.MAX_VALUE + 1L), false, TOKEN_HOLDER))
			.containsEntry("virtual_size", Integer.MAX_VALUE + 1L);
	}

	@Test
	void keepsBothSizesOfTheHuaweiDialectWithinAnIntegerForEveryone() {
		Map<String, Object> big = ImageView.huawei(image(3 * GIB, 40 * GIB), false, "p1");
		Map<String, Object> small = ImageView.huawei(image(Integer.MAX_VALUE, Integer.MAX_VALUE), false, "p1");

		assertThat(big).containsEntry("size", null)
			.containsEntry("virtual_size", null)
			.containsEntry("__image_size", String.valueOf(3 * GIB));
		assertThat(small).containsEntry("size", Integer.MAX_VALUE).containsEntry("virtual_size", Integer.MAX_VALUE);
	}

	@Test
	void showsNoSizesOfAnImageWithoutData() {
		Image queued = image(1, 1);
		queued = new Image(queued.id(), queued.name(), ImageStatus.QUEUED, queued.visibility(), queued.owner(), false,
				List.of(), "bare", 0, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), null,
				queued.createdAt(), queued.updatedAt(), 0);

		assertThat(ImageView.glance(queued, false, SDK_USER)).containsEntry("size", null)
			.containsEntry("virtual_size", null)
			.containsEntry("__image_size", null);
	}

	@Test
	void showsGlanceClientsEveryImagesOsHiddenFalseUntilItIsSet() {
		Image plain = image(1024, 1024);
		Image hidden = image(1024, 1024, Map.of("os_hidden", "true"));

		assertThat(ImageView.glance(plain, false, TOKEN_HOLDER)).containsEntry("os_hidden", false);
		assertThat(ImageView.glance(hidden, false, TOKEN_HOLDER)).containsEntry("os_hidden", true);
		assertThat(ImageView.huawei(plain, false)).doesNotContainKey("os_hidden");
	}

	private static Image image(long size, long virtualSize) {
		return image(size, virtualSize, Map.of());
	}

	private static Image image(long size, long virtualSize, Map<String, String> properties) {
		Instant now = Instant.parse("2026-12-07T08:00:00Z");
		return new Image(ImageId.newId(), "big", ImageStatus.ACTIVE, Visibility.PRIVATE, "p1", false, List.of(), "bare",
				40, 0, null, new ImageData("vmdk", size, virtualSize, "0".repeat(32), "0".repeat(64)), "Linux",
				"Ubuntu 24.04 server 64bit", "Ubuntu", "64", null, "file,test", properties, null, now, now, 0);
	}

}
