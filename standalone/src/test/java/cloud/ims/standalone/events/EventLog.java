package cloud.ims.standalone.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import cloud.ims.messages.ImageChanged;
import cloud.ims.messages.JobStatusChanged;
import cloud.ims.messages.ServerChanged;
import cloud.ims.schemas.AvroDeserializer;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A project's events as a subscriber sees them: every event topic read from the beginning, deduplicated by
 * {@code event_id}, grouped by resource ({@code "server <id>"}, {@code "image <id>"}, {@code "job <id>"}) in the order
 * of their partitions. A state is an ECS's status, an image's status and name, a job's status.
 */
public record EventLog(Map<String, List<Event>> events) {

	/** One event as the audits compare it. */
	public record Event(String id, long version, String state, boolean terminal) {
	}

	/** Reads until the topics have been quiet for a second and a half. */
	public static EventLog read(String bootstrapServers, Set<String> projectIds) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		Map<String, List<Event>> events = new LinkedHashMap<>();
		Set<String> seen = new HashSet<>();
		try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new AvroDeserializer())) {
			consumer.subscribe(List.of(Topics.JOB_EVENTS, Topics.IMAGE_EVENTS, Topics.SERVER_EVENTS));
			int quiet = 0;
			while (quiet < 3) {
				var records = consumer.poll(Duration.ofMillis(500));
				quiet = records.isEmpty() ? quiet + 1 : 0;
				for (ConsumerRecord<String, SpecificRecord> record : records) {
					Map.Entry<String, Event> event = event(record.value(), projectIds);
					if (event != null && seen.add(event.getValue().id())) {
						events.computeIfAbsent(event.getKey(), (key) -> new ArrayList<>()).add(event.getValue());
					}
				}
			}
		}
		return new EventLog(events);
	}

	/** The resources whose events do not run 1, 2, 3... by version, with their versions. */
	public Map<String, List<Long>> versionGaps() {
		Map<String, List<Long>> gaps = new LinkedHashMap<>();
		this.events.forEach((resource, of) -> {
			List<Long> versions = of.stream().map(Event::version).toList();
			for (int i = 0; i < versions.size(); i++) {
				if (versions.get(i) != i + 1) {
					gaps.put(resource, versions);
					return;
				}
			}
		});
		return gaps;
	}

	/** The resource's last state, or "no event". */
	public String last(String resource) {
		List<Event> of = this.events.get(resource);
		return (of != null) ? of.get(of.size() - 1).state() : "no event";
	}

	public List<Event> of(String resource) {
		return this.events.getOrDefault(resource, List.of());
	}

	private static Map.Entry<String, Event> event(SpecificRecord value, Set<String> projectIds) {
		if (value instanceof ServerChanged server && projectIds.contains(server.getContext().getProjectId())) {
			return Map.entry("server " + server.getServerId(),
					new Event(server.getEventId(), server.getResourceVersion(), server.getStatus(), false));
		}
		if (value instanceof ImageChanged image && projectIds.contains(image.getContext().getProjectId())) {
			return Map.entry("image " + image.getImageId(), new Event(image.getEventId(), image.getResourceVersion(),
					image.getStatus() + " " + image.getName(), false));
		}
		if (value instanceof JobStatusChanged job && projectIds.contains(job.getContext().getProjectId())) {
			String status = job.getStatus().name();
			return Map.entry("job " + job.getContext().getJobId(), new Event(job.getEventId(), job.getResourceVersion(),
					status, status.equals("SUCCESS") || status.equals("FAIL")));
		}
		return null;
	}

}
