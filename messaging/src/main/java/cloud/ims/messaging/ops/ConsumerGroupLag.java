package cloud.ims.messaging.ops;

import java.util.List;

/**
 * How far a consumer group is behind on each topic it consumes.
 */
public interface ConsumerGroupLag {

	/**
	 * The group's lag on each topic it committed on or is assigned, by topic name; blocks while it asks Kafka.
	 *
	 * @throws LagUnavailable when Kafka did not answer in time
	 */
	List<TopicLag> byTopic(String group);

}
