package cloud.ims.messaging.ops;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The readers of Kafka for the operators' views: the dead-letter topics and the consumer groups' lag.
 */
@Configuration(proxyBeanMethods = false)
public class OperationsMessagingConfiguration {

	@Bean
	DeadLetterTopics deadLetterTopics(KafkaProperties kafkaProperties) {
		return new KafkaDeadLetterTopics(kafkaProperties);
	}

	@Bean
	ConsumerGroupLag consumerGroupLag(KafkaAdmin kafkaAdmin) {
		return new KafkaConsumerGroupLag(kafkaAdmin);
	}

}
