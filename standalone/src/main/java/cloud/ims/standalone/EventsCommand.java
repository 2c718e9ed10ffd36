package cloud.ims.standalone;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import cloud.ims.schemas.AvroDeserializer;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ims events}: prints the status events of a running standalone stack as JSON lines, decoded with the
 * published schemas, from the beginning of the topics; with {@code --follow} it goes on printing new ones. It reads
 * without a consumer group, so that watching never moves anybody's offsets.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
		description = "Prints the status events (jobs, images, ECSs) of the stack that uses the data directory.")
final class EventsCommand implements Callable<Integer> {

	private static final Duration POLL = Duration.ofMillis(500);

	private static final Map<String, String> TOPICS = Map.of("jobs", Topics.JOB_EVENTS, "images", Topics.IMAGE_EVENTS,
			"servers", Topics.SERVER_EVENTS, "audit", Topics.AUDIT_EVENTS);

	@Spec
	private CommandSpec spec;

	@Option(names = "--data", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
	private Path data;

	@Option(names = "--topic", description = "jobs, images, servers, audit or a topic name (default: jobs, images and servers).")
	private String topic;

	@Option(names = "--follow", description = "Keep printing new events until interrupted.")
	private boolean follow;

	@Override
	public Integer call() throws IOException {
		Path runtime = this.data.resolve(Standalone.RUNTIME_FILE);
		if (!Files.isRegularFile(runtime)) {
			this.spec.commandLine().getErr().println("ims events: no stack has run on " + this.data + " (" + runtime
					+ " is missing). Start one with ./ims up --data " + this.data + ".");
			return 2;
		}
		PrintWriter out = this.spec.commandLine().getOut();
		List<String> topics = (this.topic == null) ? List.of(Topics.JOB_EVENTS, Topics.IMAGE_EVENTS, Topics.SERVER_EVENTS)
				: List.of(TOPICS.getOrDefault(this.topic, this.topic));
		try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(consumerProperties(),
				new StringDeserializer(), new AvroDeserializer())) {
			List<TopicPartition> partitions = topics.stream()
				.flatMap((name) -> consumer.partitionsFor(name, Duration.ofSeconds(10)).stream()
					.map((info) -> new TopicPartition(name, info.partition())))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			while (this.follow || !reachedEnd(consumer, ends)) {
				consumer.poll(POLL).forEach((record) -> out.println(record.value()));
				out.flush();
			}
		}
		return 0;
	}

	private Properties consumerProperties() throws IOException {
		Properties stack = new Properties();
		try (Reader reader = Files.newBufferedReader(this.data.resolve(Standalone.RUNTIME_FILE))) {
			stack.load(reader);
		}
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.getProperty("spring.kafka.bootstrap-servers"));
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		return properties;
	}

	private static boolean reachedEnd(KafkaConsumer<String, SpecificRecord> consumer, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
	}

}
