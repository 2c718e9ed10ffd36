package cloud.ims.messaging.ops;

import java.time.Duration;
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
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * A group's lag from the Kafka admin client. A partition the group has not committed on yet counts from its
 * beginning, as the workers start there ({@code auto-offset-reset: earliest}).
 */
final class KafkaConsumerGroupLag implements ConsumerGroupLag, AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Admin admin;

	KafkaConsumerGroupLag(KafkaAdmin kafkaAdmin) {
		Map<String, Object> properties = new LinkedHashMap<>(kafkaAdmin.getConfigurationProperties());
		properties.putIfAbsent("default.api.timeout.ms", (int) TIMEOUT.toMillis());
		properties.putIfAbsent("request.timeout.ms", (int) TIMEOUT.toMillis());
		this.admin = Admin.create(properties);
	}

	@Override
	public List<TopicLag> byTopic(String group) {
		try {
			return lagOf(group).entrySet().stream().map((lag) -> new TopicLag(lag.getKey(), lag.getValue())).toList();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new LagUnavailable(group, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LagUnavailable(group, ex);
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

	@Override
	public void close() {
		this.admin.close(TIMEOUT);
	}

}
