package cloud.ims.imageworker;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.Changed;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.store.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Activates an image whose data was just stored. The image may have stopped being created meanwhile (the watchdog
 * killed it when its job timed out, or it was deleted): then the stored data is withdrawn, so that no object is left
 * that no image refers to, and the ACTIVATED event is not sent.
 */
@Component
class ImageActivation {

	private static final Logger log = LoggerFactory.getLogger(ImageActivation.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Images images;

	private final ImageStore store;

	private final JobStorage storage;

	private final Clock clock;

	ImageActivation(Images images, ImageStore store, JobStorage storage, Clock clock) {
		this.images = images;
		this.store = store;
		this.storage = storage;
		this.clock = clock;
	}

	/** Why a job whose image's data was withdrawn failed (when it has not ended already). */
	static String withdrawn(ImageId id) {
		return "Image " + id + " was deleted or ended before its data was stored, so the data was not kept.";
	}

	/**
	 * The image now active, or empty when it was no longer being created and its data was withdrawn. The bytes the
	 * job held become the image's, settled to the size stored; when the job did not activate the image, they go back.
	 */
	Optional<Image> activate(ImageId id, ImageData data, Actor actor, JobBytes bytes) {
		Changed<Image> activation = this.images
			.transition(id, (current) -> current.activate(data, this.clock.instant()), actor)
			.block(STORE_TIMEOUT);
		if (activation != null) {
			this.storage.activated(activation, bytes);
			return Optional.of(activation.after());
		}
		this.storage.released(bytes);
		Image current = this.images.find(id).block(STORE_TIMEOUT);
		if (current != null && current.status() == ImageStatus.ACTIVE) {
			return Optional.of(current);
		}
		log.info("Image {} is {} now, so the data just stored for it is withdrawn", id,
				(current != null) ? current.status().wireName() : "gone");
		try {
			this.store.delete(id.value());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot withdraw the data of image " + id + "; it is retried", ex);
		}
		return Optional.empty();
	}

}
