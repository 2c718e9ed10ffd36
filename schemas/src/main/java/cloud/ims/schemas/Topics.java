package cloud.ims.schemas;

import java.util.List;

/**
 * The one place that names Kafka topics, so that producers, consumers and topic creation
 * never derive names from Java classes or repeat string literals.
 */
public final class Topics {

	public static final String IMAGE_COMMANDS = "ims.image.commands";
	public static final String SERVER_COMMANDS = "ims.server.commands";
	public static final String JOB_EVENTS = "ims.job.events";
	public static final String IMAGE_EVENTS = "ims.image.events";
	public static final String SERVER_EVENTS = "ims.server.events";
	public static final String AUDIT_EVENTS = "ims.audit.events";

	static final int COMMAND_PARTITIONS = 12;

	/**
	 * Each ECS's command waits on the VMware Service, and a consumer works one partition's records in order: the
	 * partitions bound how many ECSs all provisioning-worker replicas together create at once.
	 */
	static final int SERVER_COMMAND_PARTITIONS = 48;

	static final int EVENT_PARTITIONS = 6;

	private static final List<TopicSpec> ALL = List.of(
			new TopicSpec(IMAGE_COMMANDS, COMMAND_PARTITIONS),
			new TopicSpec(SERVER_COMMANDS, SERVER_COMMAND_PARTITIONS),
			new TopicSpec(deadLetter(IMAGE_COMMANDS), COMMAND_PARTITIONS),
			new TopicSpec(deadLetter(SERVER_COMMANDS), SERVER_COMMAND_PARTITIONS),
			new TopicSpec(JOB_EVENTS, EVENT_PARTITIONS),
			new TopicSpec(IMAGE_EVENTS, EVENT_PARTITIONS),
			new TopicSpec(SERVER_EVENTS, EVENT_PARTITIONS),
			new TopicSpec(AUDIT_EVENTS, EVENT_PARTITIONS));

	private Topics() {
	}

	/**
	 * Returns the dead-letter topic of {@code topic}, where poison messages go at once.
	 */
	public static String deadLetter(String topic) {
		return topic + "-dlt";
	}

	/**
	 * Returns every topic the system uses, dead-letter topics included, with its partition count.
	 */
	public static List<TopicSpec> all() {
		return ALL;
	}

}
