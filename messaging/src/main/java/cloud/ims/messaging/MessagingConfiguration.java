package cloud.ims.messaging;

import java.time.Clock;
import java.util.List;

import cloud.ims.core.event.ChangeEvents;
import cloud.ims.core.event.Leases;
import cloud.ims.core.event.PendingEvents;
import cloud.ims.messaging.commands.CommandMessagingConfiguration;
import cloud.ims.messaging.events.AvroChangeEvents;
import cloud.ims.messaging.events.EventRelay;
import cloud.ims.messaging.events.EventRelaySettings;
import cloud.ims.schemas.AvroSerializer;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.Topics;
import io.micrometer.core.instrument.config.MeterFilter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * What every service needs to talk to Kafka: the topics (created if missing, so any service may start first),
 * templates that write Avro records or records already encoded, the senders of commands, the encoding of the events
 * the stores record with every change, and the relay that publishes them.
 */
@Configuration(proxyBeanMethods = false)
@Import(CommandMessagingConfiguration.class)
@EnableConfigurationProperties({ EventRelaySettings.class, TopicSettings.class })
public class MessagingConfiguration {

	private static final List<String> KEPT_KAFKA_METERS = List.of("kafka.consumer.fetch.manager.records.lag.max",
			"kafka.consumer.fetch.manager.records.lag", "kafka.consumer.fetch.manager.records.consumed.total",
			"kafka.consumer.coordinator.rebalance.total", "kafka.producer.record.send.total",
			"kafka.producer.record.error.total");

	@Bean
	KafkaAdmin.NewTopics imsTopics(TopicSettings settings) {
		return new KafkaAdmin.NewTopics(Topics.all().stream().map((topic) -> {
			TopicBuilder builder = TopicBuilder.name(topic.name()).partitions(topic.partitions());
			if (settings.replicationFactor() != null) {
				builder.replicas(settings.replicationFactor());
			}
			if (settings.minInsyncReplicas() != null) {
				builder.config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, settings.minInsyncReplicas().toString());
			}
			return builder.build();
		}).toArray(NewTopic[]::new));
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
	ChangeEvents changeEvents(Clock clock) {
		return new AvroChangeEvents(MessageCodec.standard(), clock);
	}

	@Bean
	EventRelay eventRelay(PendingEvents pendingEvents, Leases leases, KafkaTemplate<String, byte[]> bytesKafkaTemplate,
			EventRelaySettings settings, Clock clock) {
		return new EventRelay(pendingEvents, leases, bytesKafkaTemplate, MessageCodec.standard(), settings, clock);
	}

	@Bean
	SmartLifecycle eventRelayRunner(EventRelay eventRelay, EventRelaySettings settings) {
		return EventRelay.runner(eventRelay, settings);
	}

}
