package cloud.ims.standalone.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import cloud.ims.core.compute.simulated.SimulatedVmwareDriver;
import cloud.ims.core.qemu.QemuImg;
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
 * An ECS follows the power state its VM gets outside IMS (here: the simulated VMware Service operated directly, as an
 * administrator would in vCenter), with one event for each change; IMS's own operations go on from the state that
 * the service reports. The stack compares every two seconds ({@code ims.driver.power-sync-interval}).
 */
class PowerStateSyncIT {

	private final Tenant tenant = Tenant.newProject();

	@Test
	void followsPowerStatesChangedOutsideImsWithOneEventEach() {
		String id = this.tenant.activeServer("outside");
		Path service = TestStack.get().dataDir().resolve("vmware");
		try (SimulatedVmwareDriver vcenter = new SimulatedVmwareDriver(service, Duration.ZERO, 0.0, 4,
				new QemuImg("qemu-img", Duration.ofMinutes(1), 1L << 30))) {
			vcenter.stop(id, true).join();
			awaitStatus(id, "SHUTOFF");

			assertThat(act(id, "os-start")).containsEntry("status", "SUCCESS");
			assertThat(status(id)).isEqualTo("ACTIVE");

			vcenter.stop(id, false).join();
			awaitStatus(id, "SHUTOFF");
			vcenter.start(id).join();
			awaitStatus(id, "ACTIVE");
		}
		assertThat(act(id, "os-stop")).containsEntry("status", "SUCCESS");

		List<String> changes = statusChangesUntil(id, "SHUTOFF by alice-" + this.tenant.projectId);

		String alice = "alice-" + this.tenant.projectId;
		assertThat(changes).as("built, stopped in vCenter, started by IMS, stopped and started in vCenter, stopped by IMS")
			.containsExactly("ACTIVE by " + alice, "SHUTOFF by vmware-service", "ACTIVE by " + alice,
				"SHUTOFF by vmware-service", "ACTIVE by vmware-service", "SHUTOFF by " + alice);
	}

	private void awaitStatus(String id, String expected) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> status(id),
				expected::equals);
	}

	@SuppressWarnings("unchecked")
	private String status(String id) {
		return (String) ((Map<String, Object>) this.tenant.json(this.tenant.get(servers() + "/" + id), HttpStatus.OK)
			.get("server")).get("status");
	}

	private Map<String, Object> act(String id, String action) {
		return this.tenant.awaitJob((String) this.tenant.json(this.tenant.post(servers() + "/action",
				"{\"" + action + "\":{\"servers\":[{\"id\":\"" + id + "\"}],\"type\":\"HARD\"}}"), HttpStatus.ACCEPTED)
			.get("job_id"));
	}

	/** The ECS's STATUS_CHANGED events, in order, as "STATUS by USER", up to and with the last one expected. */
	private static List<String> statusChangesUntil(String id, String last) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "power-sync-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<String> changes = new ArrayList<>();
		try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new AvroDeserializer())) {
			consumer.subscribe(List.of(Topics.SERVER_EVENTS));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (id.equals(record.key()) && record.value() instanceof ServerChanged changed
							&& changed.getChange().name().equals("STATUS_CHANGED")) {
						changes.add(changed.getStatus() + " by " + changed.getContext().getUserId());
					}
				});
				return changes.contains(last);
			});
		}
		return changes;
	}

	private String servers() {
		return "/v1/" + this.tenant.projectId + "/cloudservers";
	}

}
