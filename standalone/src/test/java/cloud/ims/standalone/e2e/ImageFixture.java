package cloud.ims.standalone.e2e;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.Visibility;

/**
 * Images recorded straight into the store, for tests of the catalogue's metadata that need many images or exact
 * states; their data is not in the image store.
 */
final class ImageFixture {

	private ImageFixture() {
	}

	static Image anActivePrivateImage(String projectId, String name) {
		return store(image(projectId, name, Visibility.PRIVATE, false, Instant.now()));
	}

	static Image anActivePublicImage(String name) {
		return store(image("admin", name, Visibility.PUBLIC, true, Instant.now()));
	}

	static Image image(String projectId, String name, Visibility visibility, boolean isProtected, Instant createdAt) {
		return new Image(ImageId.newId(), name, ImageStatus.ACTIVE, visibility, projectId, isProtected, List.of(), "bare",
				10, 0, null, new ImageData("vmdk", 1024, 10L << 30, "0".repeat(32), "0".repeat(64)), "Linux",
				"Ubuntu 24.04 server 64bit", "Ubuntu", "64", null, "file,fixture", Map.of(), null, createdAt, createdAt, 0);
	}

	static Image store(Image image) {
		return images().insertIfAbsent(image, new Actor(image.owner(), "test-fixture", "fixture")).block();
	}

	static Images images() {
		return TestStack.get().stack().gateway().getBean(Images.class);
	}

}
