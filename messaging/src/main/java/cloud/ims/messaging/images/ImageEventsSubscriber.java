package cloud.ims.messaging.images;

import cloud.ims.core.image.ImageId;

/**
 * What hears of every image change, whoever made it ({@link ImageEventsConfiguration}).
 */
public interface ImageEventsSubscriber {

	/**
	 * Called once the event of every later change will arrive: the changes made before are to be read from the store.
	 * Called again when the subscription starts over (a rebalance).
	 */
	void subscribed();

	/** An image changed; called on the consumer thread, one event after the other. */
	void changed(ImageId image);

}
