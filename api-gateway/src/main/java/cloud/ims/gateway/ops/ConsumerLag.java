package cloud.ims.gateway.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.messaging.ops.ConsumerGroupLag;
import cloud.ims.messaging.ops.LagUnavailable;
import cloud.ims.messaging.ops.TopicLag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How far each worker group is behind, per topic, for the operations view. Kafka being out of reach leaves the figure
 * out rather than failing the whole view.
 */
@Component
class ConsumerLag {

	private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

	private final ConsumerGroupLag groups;

	private final OperationsSettings settings;

	ConsumerLag(ConsumerGroupLag groups, OperationsSettings settings) {
		this.groups = groups;
		this.settings = settings;
	}

	/** One entry per group and topic it consumes: {@code group}, {@code topic}, {@code lag}; blocks while it asks. */
	List<Map<String, Object>> byGroupAndTopic() {
		try {
			List<Map<String, Object>> entries = new ArrayList<>();
			for (String group : this.settings.consumerGroups()) {
				this.groups.byTopic(group).forEach((lag) -> entries.add(entry(group, lag)));
			}
			return entries;
		}
		catch (LagUnavailable ex) {
			log.warn("Consumer lag left out of the operations view: Kafka did not answer ({})",
					String.valueOf(ex.getCause()));
			return List.of();
		}
	}

	private static Map<String, Object> entry(String group, TopicLag lag) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("group", group);
		entry.put("topic", lag.topic());
		entry.put("lag", lag.lag());
		return entry;
	}

}
