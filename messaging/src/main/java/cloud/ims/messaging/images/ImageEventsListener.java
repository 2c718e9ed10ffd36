package cloud.ims.messaging.images;

import java.util.Map;

import cloud.ims.core.image.ImageId;
import cloud.ims.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * Passes the image events to the subscriber by the image id they are keyed with; their content does not matter, as
 * the subscriber reads the image again. Each replica reads the topic in a consumer group of its own, so that each
 * sees every event.
 */
final class ImageEventsListener implements ConsumerSeekAware {

	private final ImageEventsSubscriber subscriber;

	ImageEventsListener(ImageEventsSubscriber subscriber) {
		this.subscriber = subscriber;
	}

	/** Changes from before the assignment are in the store, and the events of those after it arrive. */
	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		this.subscriber.subscribed();
	}

	@KafkaListener(topics = Topics.IMAGE_EVENTS, groupId = "ims-gateway-image-list-${random.uuid}",
			containerFactory = ImageEventsConfiguration.CONTAINER_FACTORY)
	void on(ConsumerRecord<String, byte[]> event) {
		if (event.key() != null) {
			this.subscriber.changed(new ImageId(event.key()));
		}
	}

}
