package cloud.ims.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.job.Jobs;
import cloud.ims.schemas.UndecodableMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
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

	/** The header of a dead letter that says, in words, why it could not be processed. */
	public static final String REASON_HEADER = "ims-dlt-reason";

	@Bean
	DefaultErrorHandler imsErrorHandler(KafkaTemplate<String, byte[]> bytesKafkaTemplate,
			KafkaTemplate<String, SpecificRecord> avroKafkaTemplate, RedeliverySettings settings,
			MeterRegistry meterRegistry) {
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(SpecificRecord.class, avroKafkaTemplate);
		templates.put(byte[].class, bytesKafkaTemplate);
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(templates,
				(ConsumerRecord<?, ?> record, Exception failure) -> new TopicPartition(record.topic() + "-dlt",
						record.partition()));
		// The listener's own exception often only wraps the reason (a deserializer's, say): name the real one too.
		deadLetters.setHeadersFunction((record, failure) -> new RecordHeaders().add(REASON_HEADER,
				String.valueOf(NestedExceptionUtils.getMostSpecificCause(failure).getMessage())
					.getBytes(StandardCharsets.UTF_8)));
		ExponentialBackOff backOff = new ExponentialBackOff(settings.initialInterval().toMillis(), 2.0);
		backOff.setMaxInterval(settings.maxInterval().toMillis());
		backOff.setMaxElapsedTime(settings.maxElapsed().toMillis());
		ConsumerRecordRecoverer counted = (record, failure) -> {
			Counter.builder("ims.dead.letters")
				.description("Messages sent to a dead-letter topic: poison, or failing past every retry")
				.tag("topic", record.topic())
				.tag("reason", NestedExceptionUtils.getMostSpecificCause(failure).getClass().getSimpleName())
				.register(meterRegistry)
				.increment();
			deadLetters.accept(record, failure);
		};
		DefaultErrorHandler handler = new DefaultErrorHandler(counted, backOff);
		handler.addNotRetryableExceptions(UndecodableMessage.class, ImsException.class, ConversionException.class,
				IllegalArgumentException.class);
		return handler;
	}

	@Bean
	JobChanges jobChanges(Jobs jobs, StatusEvents statusEvents, Clock clock) {
		return new JobChanges(jobs, statusEvents, clock);
	}

	/** How long a transient failure is retried before the record is dead-lettered. */
	@ConfigurationProperties("ims.redelivery")
	record RedeliverySettings(@DefaultValue("500ms") Duration initialInterval, @DefaultValue("10s") Duration maxInterval,
			@DefaultValue("2m") Duration maxElapsed) {
	}

}
