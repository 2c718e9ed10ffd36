package cloud.ims.messaging;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How IMS creates its topics on a cluster: with how many replicas, and how many of them must have a record before
 * the broker acknowledges it (with the producers' {@code acks=all}). Unset, the brokers' defaults apply
 * ({@code default.replication.factor}, {@code min.insync.replicas}); a topic that exists already keeps its own.
 */
@ConfigurationProperties("ims.kafka.topics")
public record TopicSettings(@Nullable Short replicationFactor, @Nullable Integer minInsyncReplicas) {

	public TopicSettings {
		if (replicationFactor != null && replicationFactor < 1) {
			throw new IllegalArgumentException("ims.kafka.topics.replication-factor must be at least 1");
		}
		if (minInsyncReplicas != null && (minInsyncReplicas < 1
				|| (replicationFactor != null && minInsyncReplicas > replicationFactor))) {
			throw new IllegalArgumentException(
					"ims.kafka.topics.min-insync-replicas must be from 1 to ims.kafka.topics.replication-factor");
		}
	}

}
