package cloud.ims.schemas;

/**
 * What it takes to create a topic: its name and partition count (dead-letter topics have as
 * many partitions as their source, so a record keeps its partition number there).
 */
public record TopicSpec(String name, int partitions) {

	public TopicSpec {
		if (partitions < 1) {
			throw new IllegalArgumentException("A topic needs at least one partition: " + name);
		}
	}

}
