package cloud.ims.standalone.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cloud.ims.messages.ImageChanged;
import cloud.ims.messages.JobStatusChanged;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.ServerChanged;
import cloud.ims.schemas.AvroDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The events of some topics from their beginning, read as a subscriber reads them (without a consumer group, so
 * nothing is committed) and deduplicated as IMS's contract says: by {@code event_id}, or by the context's
 * {@code message_id} for an event whose {@code event_id} is empty. Events keep their order within a partition,
 * hence within a resource, whose id is the key.
 */
final class EventStream implements AutoCloseable {

	private final KafkaConsumer<String, SpecificRecord> consumer;

	private final Set<String> seen = new HashSet<>();

	private final List<SpecificRecord> events = new ArrayList<>();

	private int duplicates;

	private int withoutEventId;

	EventStream(String bootstrapServers, List<String> topics) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new AvroDeserializer());
		List<TopicPartition> partitions = new ArrayList<>();
		topics.forEach((topic) -> this.consumer.partitionsFor(topic)
			.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition()))));
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
	}

	/** Reads on up to where every partition ends now, and answers every distinct event read so far. */
	List<SpecificRecord> read() {
		Map<TopicPartition, Long> ends = this.consumer.endOffsets(this.consumer.assignment());
		while (ends.entrySet().stream().anyMatch((end) -> this.consumer.position(end.getKey()) < end.getValue())) {
			for (ConsumerRecord<String, SpecificRecord> record : this.consumer.poll(Duration.ofMillis(200))) {
				add(record.value());
			}
		}
		return List.copyOf(this.events);
	}

	/** Records read more than once, by their event id (or message id). */
	int duplicates() {
		return this.duplicates;
	}

	/** Distinct events read that had no {@code event_id}. */
	int withoutEventId() {
		return this.withoutEventId;
	}

	@Override
	public void close() {
		this.consumer.close(Duration.ofSeconds(5));
	}

	private void add(SpecificRecord event) {
		String eventId = eventId(event);
		String key = eventId.isEmpty() ? "message:" + context(event).getMessageId() : eventId;
		if (!this.seen.add(key)) {
			this.duplicates++;
			return;
		}
		if (eventId.isEmpty()) {
			this.withoutEventId++;
		}
		this.events.add(event);
	}

	static String eventId(SpecificRecord event) {
		if (event instanceof ServerChanged server) {
			return server.getEventId();
		}
		if (event instanceof JobStatusChanged job) {
			return job.getEventId();
		}
		if (event instanceof ImageChanged image) {
			return image.getEventId();
		}
		throw notAnEvent(event);
	}

	static long resourceVersion(SpecificRecord event) {
		if (event instanceof ServerChanged server) {
			return server.getResourceVersion();
		}
		if (event instanceof JobStatusChanged job) {
			return job.getResourceVersion();
		}
		if (event instanceof ImageChanged image) {
			return image.getResourceVersion();
		}
		throw notAnEvent(event);
	}

	private static MessageContext context(SpecificRecord event) {
		if (event instanceof ServerChanged server) {
			return server.getContext();
		}
		if (event instanceof JobStatusChanged job) {
			return job.getContext();
		}
		if (event instanceof ImageChanged image) {
			return image.getContext();
		}
		throw notAnEvent(event);
	}

	private static IllegalArgumentException notAnEvent(SpecificRecord record) {
		return new IllegalArgumentException("Not an IMS event: " + record.getSchema().getFullName());
	}

}
