package cloud.ims.standalone.infrastructure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(90)
class StandaloneInfrastructureIT {

	private static final String TOPIC = "standalone-it";

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path data;

	@Test
	void keepsRecordsAndDocumentsAcrossRestarts() throws Exception {
		try (StandaloneKafka kafka = startKafka(); StandaloneMongo mongo = startMongo()) {
			try (KafkaProducer<String, String> producer = producer(kafka)) {
				producer.send(new ProducerRecord<>(TOPIC, "image-1", "ImageActivated")).get();
			}
			try (MongoClient client = MongoClients.create(mongo.uri())) {
				Mono.from(images(client).insertOne(new Document("_id", "image-1").append("status", "ACTIVE"))).block(WAIT);
			}
			assertThat(consumeAll(kafka)).containsExactly("image-1=ImageActivated");
		}

		try (StandaloneKafka kafka = startKafka(); StandaloneMongo mongo = startMongo()) {
			assertThat(consumeAll(kafka)).containsExactly("image-1=ImageActivated");
			try (MongoClient client = MongoClients.create(mongo.uri())) {
				Document image = Mono.from(images(client).find(new Document("_id", "image-1")).first()).block(WAIT);
				assertThat(image).isNotNull().containsEntry("status", "ACTIVE");
			}
		}
	}

	private StandaloneKafka startKafka() {
		int[] ports = LoopbackPorts.free(2);
		return StandaloneKafka.start(this.data.resolve("kafka"), ports[0], ports[1]);
	}

	private StandaloneMongo startMongo() {
		return StandaloneMongo.start(this.data.resolve("mongodb/ims.mv"), 0);
	}

	private static MongoCollection<Document> images(MongoClient client) {
		return client.getDatabase("ims").getCollection("images");
	}

	private static KafkaProducer<String, String> producer(StandaloneKafka kafka) {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis()), new StringSerializer(),
				new StringSerializer());
	}

	private static List<String> consumeAll(StandaloneKafka kafka) {
		List<String> records = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
				UUID.randomUUID().toString(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(TOPIC));
			await().atMost(WAIT).untilAsserted(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> records.add(record.key() + "=" + record.value()));
				assertThat(records).isNotEmpty();
			});
		}
		return records;
	}
}
