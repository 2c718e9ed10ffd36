package cloud.ims.messaging.ops;

/**
 * How many messages of a topic a consumer group has still to consume: those between its committed offsets and the
 * ends of the partitions.
 */
public record TopicLag(String topic, long lag) {
}
