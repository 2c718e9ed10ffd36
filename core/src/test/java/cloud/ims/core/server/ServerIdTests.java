package cloud.ims.core.server;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cloud.ims.core.common.Ids;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerIdTests {

	@RepeatedTest(20)
	void spreadsABatchEvenlyOverThePartitions() {
		List<ServerId> batch = ServerId.newBatch(500);

		Map<Integer, Long> perPartition = batch.stream()
			.collect(Collectors.groupingBy((id) -> id.partition(48), Collectors.counting()));

		assertThat(perPartition).hasSize(48);
		// 500 / 48: 10 or 11 each; a run of slots that wraps past 65535 may put one more on a few partitions.
		assertThat(perPartition.values()).allSatisfy((count) -> assertThat(count).isBetween(10L, 12L));
	}

	@Test
	void givesABatchDistinctWellFormedRandomIds() {
		List<ServerId> batch = ServerId.newBatch(1000);

		assertThat(batch).extracting(ServerId::value).allMatch(Ids::isWellFormed).doesNotHaveDuplicates();
		assertThat(batch.stream().map((id) -> id.value().substring(0, 8)).distinct()).hasSizeGreaterThan(990);
	}

	@Test
	void placesEveryCommandAboutOneServerOnOnePartition() {
		ServerId id = ServerId.newBatch(1).get(0);
		ServerId same = new ServerId(id.value());

		assertThat(same.partition(48)).isEqualTo(id.partition(48));
		assertThat(new ServerId("not-a-uuid").partition(48)).isBetween(0, 47);
		assertThat(new ServerId("x").partition(48)).isBetween(0, 47);
	}

	@Test
	void keepsTheSlotsOfRandomIdsUniform() {
		Map<Integer, Long> perPartition = Stream.generate(ServerId::newId)
			.limit(48_000)
			.collect(Collectors.groupingBy((id) -> id.partition(48), Collectors.counting()));

		assertThat(perPartition).hasSize(48);
		assertThat(perPartition.values()).allSatisfy((count) -> assertThat(count).isBetween(800L, 1200L));
	}

}
