package cloud.ims.gateway.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How far each worker group is behind, per topic: the messages between the group's committed offsets and the ends of
 * the partitions, from the Kafka admin client. A partition the group has not committed on yet counts from its
 * beginning, as the workers start there ({@code auto-offset-reset: earliest}). Kafka being out of reach leaves the
 * figure out rather than failing the whole view.
 */
@Component
class ConsumerLag implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Admin admin;

	private final OperationsSettings settings;

	ConsumerLag(KafkaAdmin kafkaAdmin, OperationsSettings settings) {
		Map<String, Object> properties = new LinkedHashMap<>(kafkaAdmin.getConfigurationProperties());
		properties.putIfAbsent("default.api.timeout.ms", (int) TIMEOUT.toMillis());
		properties.putIfAbsent("request.timeout.ms", (int) TIMEOUT.toMillis());
		this.admin = Admin.create(properties);
		this.settings = settings;
	}

	/** One entry per group and topic it consumes: {@code group}, {@code topic}, {@code lag}. */
	List<Map<String, Object>> byGroupAndTopic() {
		try {
			List<Map<String, Object>> entries = new ArrayList<>();
			for (String group : this.settings.consumerGroups()) {
				lagOf(group).forEach((topic, lag) -> entries.add(entry(group, topic, lag)));
			}
			return entries;
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Consumer lag left out of the operations view: Kafka did not answer ({})", ex.toString());
			return List.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return List.of();
		}
	}

	private Map<String, Long> lagOf(String group) throws ExecutionException, InterruptedException, TimeoutException {
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				this.admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
		Set<String> topics = new HashSet<>();
		committed.keySet().forEach((partition) -> topics.add(partition.topic()));
		ConsumerGroupDescription description = get(this.admin.describeConsumerGroups(List.of(group)).describedGroups()
			.get(group));
		description.members().forEach((member) -> member.assignment().topicPartitions()
			.forEach((partition) -> topics.add(partition.topic())));
		if (topics.isEmpty()) {
			return Map.of();
		}
		Collection<TopicDescription> described = get(this.admin.describeTopics(topics).allTopicNames()).values();
		List<TopicPartition> partitions = described.stream()
			.flatMap((topic) -> topic.partitions().stream()
				.map((partition) -> new TopicPartition(topic.name(), partition.partition())))
			.toList();
		Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
		Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
		Map<String, Long> lag = new TreeMap<>();
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata position = committed.get(partition);
			long consumed = (position != null) ? position.offset() : starts.get(partition).offset();
			lag.merge(partition.topic(), Math.max(0, ends.get(partition).offset() - consumed), Long::sum);
		}
		return lag;
	}

	private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
			throws ExecutionException, InterruptedException, TimeoutException {
		Map<TopicPartition, OffsetSpec> request = partitions.stream()
			.collect(Collectors.toMap(Function.identity(), (partition) -> spec));
		return get(this.admin.listOffsets(request).all());
	}

	private static <T> T get(KafkaFuture<T> future) throws ExecutionException, InterruptedException, TimeoutException {
		return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static Map<String, Object> entry(String group, String topic, long lag) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("group", group);
		entry.put("topic", topic);
		entry.put("lag", lag);
		return entry;
	}

	@Override
	public void destroy() {
		this.admin.close(TIMEOUT);
	}

}
