package cloud.ims.messaging.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cloud.ims.core.image.ImageId;
import cloud.ims.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageEventsListenerTests {

	private final List<String> heard = new ArrayList<>();

	private final ImageEventsListener listener = new ImageEventsListener(new ImageEventsSubscriber() {

		@Override
		public void subscribed() {
			ImageEventsListenerTests.this.heard.add("subscribed");
		}

		@Override
		public void changed(ImageId image) {
			ImageEventsListenerTests.this.heard.add(image.value());
		}

	});

	@Test
	void passesOnTheImageEachEventIsKeyedWith() {
		this.listener.on(event("image-1"));
		this.listener.on(event("image-2"));

		assertThat(this.heard).containsExactly("image-1", "image-2");
	}

	@Test
	void skipsAnEventWithoutKey() {
		this.listener.on(event(null));

		assertThat(this.heard).isEmpty();
	}

	@Test
	void tellsTheSubscriberWhenItsPartitionsAreAssigned() {
		this.listener.onPartitionsAssigned(Map.of(new TopicPartition(Topics.IMAGE_EVENTS, 0), 0L), null);

		assertThat(this.heard).containsExactly("subscribed");
	}

	private static ConsumerRecord<String, byte[]> event(String key) {
		return new ConsumerRecord<>(Topics.IMAGE_EVENTS, 0, 0, key, new byte[0]);
	}

}
