package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import cloud.ims.messages.JobStatusChanged;
import cloud.ims.messages.ServerChanged;
import cloud.ims.schemas.AvroDeserializer;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Flow 1: a batch of ECSs from a public image, through the gateway, Kafka and the provisioning-worker.
 */
class ServerBatchIT {

	private final Tenant tenant = Tenant.newProject();

	@Test
	@SuppressWarnings("unchecked")
	void createsABatchOfThreeServersWithOneSubJobEach() {
		Map<String, Object> accepted = this.tenant.createServers(this.tenant.baseImageId(), "web", 3);
		List<String> serverIds = (List<String>) accepted.get("serverIds");
		assertThat(serverIds).hasSize(3);

		Map<String, Object> job = this.tenant.awaitJob((String) accepted.get("job_id"));

		assertThat(job).containsEntry("status", "SUCCESS").containsEntry("job_type", "createServer");
		Map<String, Object> entities = (Map<String, Object>) job.get("entities");
		assertThat(entities).containsEntry("sub_jobs_total", 3).containsEntry("process_percent", 1.0);
		List<Map<String, Object>> subJobs = (List<Map<String, Object>>) entities.get("sub_jobs");
		assertThat(subJobs).extracting((subJob) -> subJob.get("status")).containsOnly("SUCCESS");
		assertThat(subJobs).extracting((subJob) -> ((Map<String, Object>) subJob.get("entities")).get("server_id"))
			.containsExactlyInAnyOrderElementsOf(serverIds);
		for (String serverId : serverIds) {
			Map<String, Object> server = (Map<String, Object>) this.tenant
				.json(this.tenant.get("/v1/" + this.tenant.projectId + "/cloudservers/" + serverId), HttpStatus.OK)
				.get("server");
			assertThat(server).containsEntry("status", "ACTIVE");
		}
		Map<String, Object> detail = this.tenant.json(
				this.tenant.get("/v1/" + this.tenant.projectId + "/cloudservers/detail?name=web"), HttpStatus.OK);
		assertThat(detail).containsEntry("count", 3);
		assertThat((List<Map<String, Object>>) detail.get("servers")).extracting((server) -> server.get("name"))
			.containsExactlyInAnyOrder("web-0001", "web-0002", "web-0003");
		assertThat(eventsOf((String) accepted.get("job_id"))).anySatisfy((event) -> assertThat(event)
			.isInstanceOfSatisfying(JobStatusChanged.class, (changed) -> assertThat(changed.getStatus().name()).isEqualTo("SUCCESS")))
			.filteredOn(ServerChanged.class::isInstance)
			.extracting((event) -> ((ServerChanged) event).getStatus())
			.containsExactlyInAnyOrder("BUILD", "BUILD", "BUILD", "ACTIVE", "ACTIVE", "ACTIVE");
	}

	@Test
	void givesEachServerItsOwnDiskFile() {
		String serverId = this.tenant.activeServer("disk");

		assertThat(TestStack.get().dataDir().resolve("vmware/disks/" + serverId + ".qcow2")).isRegularFile();
	}

	private static List<SpecificRecord> eventsOf(String jobId) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + jobId);
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<SpecificRecord> events = new ArrayList<>();
		try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new AvroDeserializer())) {
			consumer.subscribe(List.of(Topics.JOB_EVENTS, Topics.SERVER_EVENTS));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (record.value() instanceof JobStatusChanged job && jobId.equals(job.getContext().getJobId())
							|| record.value() instanceof ServerChanged server && jobId.equals(server.getContext().getJobId())) {
						events.add(record.value());
					}
				});
				return events.stream().anyMatch((event) -> event instanceof JobStatusChanged job
						&& job.getStatus().name().equals("SUCCESS"))
						&& events.stream().filter(ServerChanged.class::isInstance).count() >= 6;
			});
		}
		return events;
	}

}
