package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * VMware operations that outlast Kafka's poll interval: creating an ECS takes 5 s while a consumer that does not poll
 * for 3 s is evicted. A batch of 40 still runs all at once (ims.driver.max-in-flight is 64), ends in about one
 * latency, creates each VM once, and no consumer leaves its group meanwhile. The former pipeline (one operation per
 * consumer thread, 24 of them) needed two latencies and had its consumers evicted.
 */
class ProvisioningPipelineIT {

	private static final Duration CREATE_LATENCY = Duration.ofSeconds(5);

	private static final int COUNT = 40;

	private static final String LISTENER = "server-commands";

	private final Tenant tenant = Tenant.newProject();

	private final ConfigurableApplicationContext worker = TestStack.get().stack().provisioningWorker();

	private final MessageListenerContainer container = this.worker.getBean(KafkaListenerEndpointRegistry.class)
		.getListenerContainer(LISTENER);

	@BeforeEach
	void consumersWithAShortPollInterval() {
		restartConsumersWith("3000");
	}

	@AfterEach
	void consumersAsConfigured() {
		restartConsumersWith(null);
	}

	@Test
	void runsABatchOfOperationsLongerThanThePollIntervalAtOnceWithoutRebalancing() throws IOException {
		String imageId = this.tenant.baseImageId();
		double createsBefore = creates();
		double rebalancesBefore = rebalances();
		Map<String, Object> job;
		Map<String, Object> accepted;
		long started = System.nanoTime();
		try (VmwareConditions slow = VmwareConditions.slowCreates(CREATE_LATENCY)) {
			accepted = this.tenant.createServers(imageId, "slow", COUNT);
			job = this.tenant.awaitJob((String) accepted.get("job_id"));
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		assertThat(job).containsEntry("status", "SUCCESS");
		assertThat(elapsed).isLessThan(CREATE_LATENCY.multipliedBy(2));
		assertThat(creates() - createsBefore).isEqualTo(COUNT);
		@SuppressWarnings("unchecked")
		List<String> ids = (List<String>) accepted.get("serverIds");
		assertThat(inventory()).filteredOn((name) -> ids.stream().anyMatch(name::startsWith)).hasSize(COUNT);
		assertThat(rebalances()).isEqualTo(rebalancesBefore);
	}

	/** Restarts the worker's consumers with that max.poll.interval.ms (null: as configured) once all are assigned. */
	private void restartConsumersWith(String maxPollInterval) {
		this.container.stop();
		if (maxPollInterval != null) {
			this.container.getContainerProperties()
				.getKafkaConsumerProperties()
				.setProperty(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollInterval);
		}
		else {
			this.container.getContainerProperties()
				.getKafkaConsumerProperties()
				.remove(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
		}
		this.container.start();
		// Until every consumer has joined, each join is a rebalance: wait for a group in which all have partitions.
		int consumers = ((ConcurrentMessageListenerContainer<?, ?>) this.container).getConcurrency();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				Map<String, Collection<TopicPartition>> assignments = this.container.getAssignmentsByClientId();
				return assignments != null && assignments.size() == consumers
						&& assignments.values().stream().noneMatch(Collection::isEmpty)
						&& assignments.values().stream().mapToInt(Collection::size).sum() == 48;
			});
	}

	/** Rebalances the worker's consumers took part in, by their own count. */
	private double rebalances() {
		return this.container.metrics()
			.values()
			.stream()
			.flatMap((metrics) -> metrics.entrySet().stream())
			.filter((metric) -> isRebalanceTotal(metric.getKey()))
			.mapToDouble((metric) -> ((Number) ((Metric) metric.getValue()).metricValue()).doubleValue())
			.sum();
	}

	private static boolean isRebalanceTotal(MetricName name) {
		return name.name().equals("rebalance-total") && name.group().equals("consumer-coordinator-metrics");
	}

	/** Creates that reached the simulated VMware Service, each attempt counted. */
	private double creates() {
		return PrometheusScrape.of(this.worker).sum("ims_driver_calls_seconds_count", Map.of("operation", "create"));
	}

	private List<String> inventory() throws IOException {
		try (Stream<Path> files = Files.list(TestStack.get().dataDir().resolve("vmware/inventory"))) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

}
