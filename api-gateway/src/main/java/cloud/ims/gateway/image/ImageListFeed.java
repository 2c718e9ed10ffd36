package cloud.ims.gateway.image;

import java.time.Duration;

import cloud.ims.core.image.CatalogueListIndex;
import cloud.ims.core.image.ImageId;
import cloud.ims.messaging.images.ImageEventsSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the gateway's in-memory image-list index current with the changes other processes make (the image-worker
 * activating an image, another gateway replica renaming one): every image event makes the index read that image
 * again; the whole catalogue is read when the replica starts to hear the events, and again now and then in case
 * an event was lost (they are published after the change, so a crash in between loses one). The gateway's own
 * writes reach the index directly; until the first load, lists read the store.
 *
 * <p>Each gateway replica must see every event, so each hears them on its own ({@link ImageListFeedConfiguration}).
 */
@Component
@ConditionalOnProperty(name = "ims.images.list-index.enabled", havingValue = "true")
class ImageListFeed implements ImageEventsSubscriber {

	private static final Logger logger = LoggerFactory.getLogger(ImageListFeed.class);

	private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(10);

	private final CatalogueListIndex index;

	ImageListFeed(CatalogueListIndex index) {
		this.index = index;
	}

	/**
	 * Loads the index once this replica hears of every change: changes from before are in the load, and the events
	 * of those after it arrive.
	 */
	@Override
	public void subscribed() {
		reload();
	}

	@Scheduled(fixedDelayString = "${ims.images.list-index.reload-interval:5m}",
			initialDelayString = "${ims.images.list-index.reload-interval:5m}")
	void reload() {
		this.index.reload()
			.subscribe((count) -> logger.debug("Image-list index loaded: {} images", count),
					(ex) -> logger.warn("Could not load the image-list index; lists read the store until the next try: {}",
							ex.toString()));
	}

	@Override
	public void changed(ImageId image) {
		try {
			this.index.refresh(image).block(REFRESH_TIMEOUT);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not refresh image {} in the image-list index; the next full reload will: {}", image,
					ex.toString());
		}
	}

}
