package cloud.ims.gateway.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.gateway.security.Caller;
import cloud.ims.messaging.WorkerMessagingConfiguration;
import cloud.ims.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Lets admins see the messages that were dead-lettered (poison, or failing past every retry), newest first, with the
 * reason the worker gave in the headers. Reads the dead-letter topics directly, without joining a consumer group, so
 * that looking never moves anybody's offsets.
 */
@RestController
class DeadLetters {

	private static final Duration POLL = Duration.ofMillis(500);

	private static final int MAX_POLLS = 20;

	private final KafkaProperties kafka;

	DeadLetters(KafkaProperties kafka) {
		this.kafka = kafka;
	}

	@GetMapping("/v1/admin/dead-letters")
	Mono<Map<String, Object>> list(Caller caller, @RequestParam(required = false) @Nullable String topic,
			@RequestParam(defaultValue = "50") int limit) {
		if (!caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "IMS.0403", "Only admins can see dead-lettered messages.");
		}
		List<String> topics = (topic != null) ? List.of(topic)
				: List.of(Topics.deadLetter(Topics.IMAGE_COMMANDS), Topics.deadLetter(Topics.SERVER_COMMANDS));
		if (!topics.stream().allMatch((name) -> name.endsWith("-dlt"))) {
			throw new ImsException(Kind.INVALID, "IMS.0400", "topic must be a dead-letter topic (ending in -dlt).");
		}
		int pageSize = Math.max(1, Math.min(limit, 500));
		return Mono.fromCallable(() -> read(topics, pageSize)).subscribeOn(Schedulers.boundedElastic())
			.map((letters) -> Map.of("dead_letters", letters));
	}

	private List<Map<String, Object>> read(List<String> topics, int limit) {
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
			.map(DeadLetters::view)
			.toList();
	}

	private static boolean reachedEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
	}

	private static Map<String, Object> view(ConsumerRecord<String, byte[]> record) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("topic", record.topic());
		view.put("partition", record.partition());
		view.put("offset", record.offset());
		view.put("key", record.key());
		view.put("dead_lettered_at", Instant.ofEpochMilli(record.timestamp()).toString());
		view.put("original_topic", header(record, "kafka_dlt-original-topic"));
		view.put("exception", header(record, "kafka_dlt-exception-fqcn"));
		String reason = header(record, WorkerMessagingConfiguration.REASON_HEADER);
		view.put("reason", (reason != null) ? reason : header(record, "kafka_dlt-exception-message"));
		byte[] value = record.value();
		view.put("size", (value != null) ? value.length : 0);
		view.put("schema_fingerprint", (value != null && value.length >= 10)
				? HexFormat.of().formatHex(reverse(Arrays.copyOfRange(value, 2, 10))) : null);
		return view;
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
