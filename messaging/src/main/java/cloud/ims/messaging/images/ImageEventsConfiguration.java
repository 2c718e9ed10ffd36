package cloud.ims.messaging.images;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/**
 * Passes every image event to the one {@link ImageEventsSubscriber}. The events are read from the newest,
 * committing nothing, so that the consumer group of each replica disappears with it, and a restarted replica starts
 * from a full read of the store.
 */
@Configuration(proxyBeanMethods = false)
public class ImageEventsConfiguration {

	static final String CONTAINER_FACTORY = "imageListFeedContainerFactory";

	@Bean(CONTAINER_FACTORY)
	ConcurrentKafkaListenerContainerFactory<String, byte[]> imageListFeedContainerFactory(KafkaProperties properties) {
		Map<String, Object> consumerProperties = properties.buildConsumerProperties();
		consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumerProperties, new StringDeserializer(),
				new ByteArrayDeserializer()));
		factory.getContainerProperties().setAckMode(AckMode.MANUAL);
		return factory;
	}

	@Bean
	ImageEventsListener imageEventsListener(ImageEventsSubscriber imageEventsSubscriber) {
		return new ImageEventsListener(imageEventsSubscriber);
	}

}
