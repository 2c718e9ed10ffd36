package cloud.ims.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsTests {

	@Test
	void namesDeadLetterTopicsAfterTheirSource() {
		assertThat(Topics.deadLetter(Topics.IMAGE_COMMANDS)).isEqualTo("ims.image.commands-dlt");
	}

	@Test
	void listsEveryTopicWithItsPartitions() {
		Map<String, Integer> partitions = Topics.all().stream()
			.collect(Collectors.toMap(TopicSpec::name, TopicSpec::partitions));

		assertThat(partitions).containsExactlyInAnyOrderEntriesOf(Map.of(
				"ims.image.commands", 12, "ims.server.commands", 48,
				"ims.image.commands-dlt", 12, "ims.server.commands-dlt", 48,
				"ims.job.events", 6, "ims.image.events", 6, "ims.server.events", 6, "ims.audit.events", 6));
	}

	@Test
	void givesEachDeadLetterTopicAsManyPartitionsAsItsSource() {
		Map<String, Integer> partitions = Topics.all().stream()
			.collect(Collectors.toMap(TopicSpec::name, TopicSpec::partitions));

		partitions.forEach((name, count) -> {
			if (name.endsWith("-dlt")) {
				assertThat(count).isEqualTo(partitions.get(name.substring(0, name.length() - "-dlt".length())));
			}
		});
	}

}
