package cloud.ims.messaging;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.schemas.UndecodableMessage;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.converter.ConversionException;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How workers consume: a failing record is retried with exponential back-off (the container owns redelivery),
 * while poison (undecodable, invalid) goes to the topic's dead-letter topic at once, with the reason in the
 * headers, so that it never blocks its partition.
 */
@Configuration(proxyBeanMethods = false)
@Import(MessagingConfiguration.class)
@EnableConfigurationProperties(WorkerMessagingConfiguration.RedeliverySettings.class)
public class WorkerMessagingConfiguration {

	@Bean
	DefaultErrorHandler imsErrorHandler(KafkaTemplate<String, byte[]> bytesKafkaTemplate,
			KafkaTemplate<String, SpecificRecord> avroKafkaTemplate, RedeliverySettings settings) {
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(SpecificRecord.class, avroKafkaTemplate);
		templates.put(byte[].class, bytesKafkaTemplate);
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(templates,
				(ConsumerRecord<?, ?> record, Exception failure) -> new TopicPartition(record.topic() + "-dlt",
						record.partition()));
		ExponentialBackOff backOff = new ExponentialBackOff(settings.initialInterval().toMillis(), 2.0);
		backOff.setMaxInterval(settings.maxInterval().toMillis());
		backOff.setMaxElapsedTime(settings.maxElapsed().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
		handler.addNotRetryableExceptions(UndecodableMessage.class, ImsException.class, ConversionException.class,
				IllegalArgumentException.class);
		return handler;
	}

	/** How long a transient failure is retried before the record is dead-lettered. */
	@ConfigurationProperties("ims.redelivery")
	record RedeliverySettings(@DefaultValue("500ms") Duration initialInterval, @DefaultValue("10s") Duration maxInterval,
			@DefaultValue("2m") Duration maxElapsed) {
	}

}
