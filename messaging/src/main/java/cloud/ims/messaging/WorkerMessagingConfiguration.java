package cloud.ims.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How workers consume: a failing record is retried with exponential back-off (the container owns redelivery),
 * while poison (undecodable, invalid) goes to the topic's dead-letter topic at once, with the reason in the
 * headers, so that it never blocks its partition. A worker whose work outlives the poll
 * ({@link cloud.ims.messaging.inflight.InFlightWork}) retries it itself, with the same back-off and dead letters.
 */
@Configuration(proxyBeanMethods = false)
@Import(MessagingConfiguration.class)
@EnableConfigurationProperties(WorkerMessagingConfiguration.RedeliverySettings.class)
public class WorkerMessagingConfiguration {

	/** The header of a dead letter that says, in words, why it could not be processed. */
	public static final String REASON_HEADER = "ims-dlt-reason";

	/** Poison and refusals: failures that no wait will mend, dead-lettered at once. */
	private static final List<Class<? extends Exception>> NOT_RETRYABLE = List.of(UndecodableMessage.class,
			ImsException.class, ConversionException.class, IllegalArgumentException.class);

	/**
	 * Sends a record to its topic's dead-letter topic with the reason in words, and counts it: for poison at once,
	 * and for a failure past every retry.
	 */
	@Bean
	ConsumerRecordRecoverer imsDeadLetters(KafkaTemplate<String, byte[]> bytesKafkaTemplate,
			KafkaTemplate<String, SpecificRecord> avroKafkaTemplate, MeterRegistry meterRegistry) {
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
		return (record, failure) -> {
			Counter.builder("ims.dead.letters")
				.description("Messages sent to a dead-letter topic: poison, or failing past every retry")
				.tag("topic", record.topic())
				.tag("reason", NestedExceptionUtils.getMostSpecificCause(failure).getClass().getSimpleName())
				.register(meterRegistry)
				.increment();
			deadLetters.accept(record, failure);
		};
	}

	@Bean
	DefaultErrorHandler imsErrorHandler(ConsumerRecordRecoverer imsDeadLetters, RedeliverySettings settings) {
		DefaultErrorHandler handler = new DefaultErrorHandler(imsDeadLetters, settings.backOff());
		handler.addNotRetryableExceptions(NOT_RETRYABLE.toArray(Class[]::new));
		return handler;
	}

	/** Whether a failure may pass with time (a store that timed out), as opposed to poison or a refusal. */
	public static boolean isRetryable(Throwable failure) {
		return NOT_RETRYABLE.stream().noneMatch((kind) -> kind.isInstance(failure));
	}

	@Bean
	JobChanges jobChanges(Jobs jobs, Clock clock) {
		return new JobChanges(jobs, clock);
	}

	/** How long a transient failure is retried before the record is dead-lettered. */
	@ConfigurationProperties("ims.redelivery")
	public record RedeliverySettings(@DefaultValue("500ms") Duration initialInterval,
			@DefaultValue("10s") Duration maxInterval, @DefaultValue("2m") Duration maxElapsed) {

		public BackOff backOff() {
			ExponentialBackOff backOff = new ExponentialBackOff(this.initialInterval.toMillis(), 2.0);
			backOff.setMaxInterval(this.maxInterval.toMillis());
			backOff.setMaxElapsedTime(this.maxElapsed.toMillis());
			return backOff;
		}

	}

}
