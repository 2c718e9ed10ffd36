package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import cloud.ims.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison messages go to the dead-letter topic at once, never block their partition, and admins can list them; the
 * schemas that decode every message are published.
 */
class DeadLettersIT {

	private final Tenant admin = Tenant.newProject(true);

	@Test
	@SuppressWarnings("unchecked")
	void deadLettersPoisonAtOnceAndShowsItToAdmins() throws Exception {
		String key = "poison-" + UUID.randomUUID();
		send(Topics.SERVER_COMMANDS, key, new byte[] { (byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 1, 2, 3 });

		Map<String, Object> letter = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
			.until(() -> ((List<Map<String, Object>>) this.admin.json(this.admin.get("/v1/admin/dead-letters?limit=200"),
					HttpStatus.OK).get("dead_letters")).stream().filter((entry) -> key.equals(entry.get("key")))
				.findFirst().orElse(null), (found) -> found != null);

		assertThat(letter).containsEntry("topic", Topics.deadLetter(Topics.SERVER_COMMANDS))
			.containsEntry("original_topic", Topics.SERVER_COMMANDS);
		assertThat((String) letter.get("reason")).contains("0909090909090909");
		Tenant member = Tenant.newProject();
		assertThat(member.json(member.get("/v1/admin/dead-letters"), HttpStatus.FORBIDDEN)).containsKey("error");
		assertThat(member.awaitJob((String) member.createServers(member.baseImageId(), "after-poison", 1).get("job_id")))
			.containsEntry("status", "SUCCESS");
	}

	@Test
	@SuppressWarnings("unchecked")
	void publishesEverySchemaByFingerprintWithoutAToken() {
		Map<String, Object> list = TestStack.get().client().get().uri("/v1/events/schemas").exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		List<Map<String, Object>> schemas = (List<Map<String, Object>>) list.get("schemas");
		assertThat(schemas).extracting((schema) -> schema.get("name"))
			.contains("cloud.ims.messages.JobStatusChanged", "cloud.ims.messages.ServerChanged");

		String fingerprint = (String) schemas.get(0).get("fingerprint");
		TestStack.get().client().get().uri("/v1/events/schemas/" + fingerprint).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.type").isEqualTo("record");
		TestStack.get().client().get().uri("/v1/events/schemas/0000000000000000").exchange().expectStatus()
			.isNotFound();
	}

	private static void send(String topic, String key, byte[] value) throws Exception {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(topic, key, value)).get();
		}
	}

}
