package cloud.ims.messaging.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import cloud.ims.messaging.WorkerMessagingConfiguration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Reads the last {@code limit} records of each partition of the dead-letter topics with a consumer of its own that is
 * assigned the partitions rather than subscribed, so that it belongs to no group and commits nothing.
 */
final class KafkaDeadLetterTopics implements DeadLetterTopics {

	private static final Duration POLL = Duration.ofMillis(500);

	private static final int MAX_POLLS = 20;

	private final KafkaProperties kafka;

	KafkaDeadLetterTopics(KafkaProperties kafka) {
		this.kafka = kafka;
	}

	@Override
	public List<DeadLetter> newest(List<String> topics, int limit) {
		Properties properties = new Properties();
		properties.putAll(this.kafka.buildConsumerProperties());
		properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = topics.stream()
				.flatMap((name) -> consumer.partitionsFor(name, Duration.ofSeconds(5)).stream()
					.map((info) -> new TopicPartition(name, info.partition())))
				.toList();
			consumer.assign(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			ends.forEach((partition, end) -> consumer.seek(partition, Math.max(0, end - limit)));
			for (int poll = 0; poll < MAX_POLLS && !reachedEnd(consumer, ends); poll++) {
				consumer.poll(POLL).forEach(records::add);
			}
		}
		return records.stream()
			.sorted(Comparator.comparingLong(ConsumerRecord<String, byte[]>::timestamp).reversed())
			.limit(limit)
			.map(KafkaDeadLetterTopics::deadLetter)
			.toList();
	}

	private static boolean reachedEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
	}

	private static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record) {
		String reason = header(record, WorkerMessagingConfiguration.REASON_HEADER);
		byte[] value = record.value();
		return new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(),
				Instant.ofEpochMilli(record.timestamp()), header(record, "kafka_dlt-original-topic"),
				header(record, "kafka_dlt-exception-fqcn"),
				(reason != null) ? reason : header(record, "kafka_dlt-exception-message"),
				(value != null) ? value.length : 0, (value != null && value.length >= 10)
						? HexFormat.of().formatHex(reverse(Arrays.copyOfRange(value, 2, 10))) : null);
	}

	private static @Nullable String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/** The wire carries the fingerprint little-endian; the schema endpoints name it big-endian. */
	private static byte[] reverse(byte[] bytes) {
		byte[] reversed = new byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			reversed[i] = bytes[bytes.length - 1 - i];
		}
		return reversed;
	}

}
