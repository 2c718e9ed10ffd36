package cloud.ims.messaging;

import java.time.Clock;
import java.util.List;

import cloud.ims.schemas.AvroSerializer;
import cloud.ims.schemas.Topics;
import io.micrometer.core.instrument.config.MeterFilter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * What every service needs to talk to Kafka: the topics (created if missing, so any service may start first),
 * a template that writes Avro records, and the status-event publisher.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

	private static final List<String> KEPT_KAFKA_METERS = List.of("kafka.consumer.fetch.manager.records.lag.max",
			"kafka.consumer.fetch.manager.records.lag", "kafka.consumer.fetch.manager.records.consumed.total",
			"kafka.consumer.coordinator.rebalance.total", "kafka.producer.record.send.total",
			"kafka.producer.record.error.total");

	@Bean
	KafkaAdmin.NewTopics imsTopics() {
		return new KafkaAdmin.NewTopics(Topics.all().stream()
			.map((topic) -> TopicBuilder.name(topic.name()).partitions(topic.partitions()).build())
			.toArray(NewTopic[]::new));
	}

	/** Writes records already encoded: the commands of job outboxes, and dead letters that could not be decoded. */
	@Bean
	@Primary
	DefaultKafkaProducerFactory<String, byte[]> bytesProducerFactory(KafkaProperties properties) {
		return new DefaultKafkaProducerFactory<>(properties.buildProducerProperties(), new StringSerializer(),
				new ByteArraySerializer());
	}

	/** Writes Avro records in single-object encoding. */
	@Bean
	DefaultKafkaProducerFactory<String, SpecificRecord> avroProducerFactory(KafkaProperties properties) {
		return new DefaultKafkaProducerFactory<>(properties.buildProducerProperties(), new StringSerializer(),
				new AvroSerializer());
	}

	@Bean
	@Primary
	public KafkaTemplate<String, byte[]> bytesKafkaTemplate(ProducerFactory<String, byte[]> bytesProducerFactory) {
		return new KafkaTemplate<>(bytesProducerFactory);
	}

	@Bean
	public KafkaTemplate<String, SpecificRecord> avroKafkaTemplate(
			ProducerFactory<String, SpecificRecord> avroProducerFactory) {
		return new KafkaTemplate<>(avroProducerFactory);
	}

	/**
	 * Of the Kafka clients' own meters (about 150 per consumer, and a provisioning-worker runs 24 consumers) keeps the
	 * few an operator charts: lag, throughput, rebalances and send errors.
	 */
	@Bean
	MeterFilter kafkaClientMeters() {
		return MeterFilter.deny((id) -> id.getName().startsWith("kafka.") && KEPT_KAFKA_METERS.stream()
			.noneMatch((kept) -> id.getName().equals(kept)));
	}

	@Bean
	StatusEvents statusEvents(KafkaTemplate<String, SpecificRecord> avroKafkaTemplate, Clock clock) {
		return new StatusEvents(avroKafkaTemplate, clock);
	}

}
