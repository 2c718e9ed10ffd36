package cloud.ims.gateway.ops;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import cloud.ims.messaging.ops.LagUnavailable;
import cloud.ims.messaging.ops.TopicLag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerLagTests {

	private final OperationsSettings settings = new OperationsSettings(List.of("image-worker", "provisioning-worker"));

	@Test
	void listsTheLagOfEachWorkerGroupByTopic() {
		ConsumerLag lag = new ConsumerLag((group) -> group.equals("image-worker")
				? List.of(new TopicLag("ims.image.commands", 3)) : List.of(new TopicLag("ims.server.commands", 0),
						new TopicLag("ims.server.commands-retry", 7)),
				this.settings);

		assertThat(lag.byGroupAndTopic()).containsExactly(
				Map.of("group", "image-worker", "topic", "ims.image.commands", "lag", 3L),
				Map.of("group", "provisioning-worker", "topic", "ims.server.commands", "lag", 0L),
				Map.of("group", "provisioning-worker", "topic", "ims.server.commands-retry", "lag", 7L));
	}

	@Test
	void leavesTheLagOutWhenKafkaDoesNotAnswer() {
		ConsumerLag lag = new ConsumerLag((group) -> {
			throw new LagUnavailable(group, new TimeoutException("no broker"));
		}, this.settings);

		assertThat(lag.byGroupAndTopic()).isEmpty();
	}

}
