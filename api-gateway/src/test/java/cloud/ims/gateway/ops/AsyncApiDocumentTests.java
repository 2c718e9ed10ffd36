package cloud.ims.gateway.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import cloud.ims.messages.AuditTraceRecorded;
import cloud.ims.messages.ImageChanged;
import cloud.ims.messages.JobStatusChanged;
import cloud.ims.messages.ServerChanged;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.PublishedSchema;
import cloud.ims.schemas.TopicSpec;
import cloud.ims.schemas.Topics;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed AsyncAPI document against the code it describes: a topic, a partition count or a writer schema that
 * changes without the document fails here, so the contract subscribers read cannot go stale.
 */
class AsyncApiDocumentTests {

	private static final Map<String, Schema> EVENTS = Map.of(Topics.JOB_EVENTS, JobStatusChanged.getClassSchema(),
			Topics.IMAGE_EVENTS, ImageChanged.getClassSchema(), Topics.SERVER_EVENTS, ServerChanged.getClassSchema(),
			Topics.AUDIT_EVENTS, AuditTraceRecorded.getClassSchema());

	private final Map<String, Object> document = AsyncApiDocument.read().tree();

	@Test
	void isAnAsyncApi3DocumentOfAKafkaServer() {
		assertThat(this.document).containsEntry("asyncapi", "3.0.0");
		assertThat(map(this.document, "servers")).isNotEmpty()
			.allSatisfy((name, server) -> assertThat(map(server)).containsEntry("protocol", "kafka"));
	}

	@Test
	void describesEveryTopicWithItsPartitionsAndNoOther() {
		Map<String, Integer> described = channels().values().stream()
			.collect(Collectors.toMap((channel) -> (String) channel.get("address"),
					(channel) -> (Integer) map(map(channel, "bindings"), "kafka").get("partitions")));

		assertThat(described).isEqualTo(Topics.all().stream()
			.collect(Collectors.toMap(TopicSpec::name, TopicSpec::partitions)));
	}

	@Test
	void describesEachEventTopicWithItsEventKeyedByResourceIdAndAReceiveOperation() {
		EVENTS.forEach((topic, schema) -> {
			Map<String, Object> channel = channel(topic);
			List<Map<String, Object>> messages = map(channel, "messages").values().stream()
				.map((reference) -> resolve(map(reference)))
				.toList();
			assertThat(messages).as("messages of %s", topic).singleElement().satisfies((message) -> {
				assertThat(message).containsEntry("x-avro-name", schema.getFullName());
				assertThat(map(map(map(message, "bindings"), "kafka"), "key")).containsEntry("type", "string");
			});
			assertThat(operations()).as("operations on %s", topic)
				.anySatisfy((operation) -> {
					assertThat(operation).containsEntry("action", "receive");
					assertThat(resolve(map(operation, "channel"))).isSameAs(channel);
				});
		});
		assertThat(operations()).allSatisfy((operation) -> assertThat(EVENTS)
			.containsKey((String) resolve(map(operation, "channel")).get("address")));
	}

	@Test
	void statesEveryWriterSchemaOfEachEventByItsCurrentFingerprint() {
		EVENTS.values().forEach((schema) -> {
			Map<String, Object> message = message(schema.getFullName());
			List<PublishedSchema> published = MessageCodec.standard().publishedSchemas().values().stream()
				.filter((candidate) -> candidate.fullName().equals(schema.getFullName()))
				.toList();
			List<Map<String, Object>> expected = new ArrayList<>();
			for (PublishedSchema writer : published) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("version", writer.version());
				entry.put("fingerprint", writer.fingerprint());
				entry.put("current", writer.current());
				expected.add(entry);
			}
			String current = published.stream().filter(PublishedSchema::current).findFirst().orElseThrow().fingerprint();

			assertThat(message.get("x-writer-schemas")).as("x-writer-schemas of %s", schema.getFullName())
				.isEqualTo(expected);
			Map<String, Object> payload = map(message, "payload");
			assertThat(payload).containsEntry("schemaFormat", "application/vnd.apache.avro+json;version=1.9.0");
			assertThat(map(payload, "schema")).as("payload of %s", schema.getFullName())
				.containsEntry("$ref", "/v1/events/schemas/" + current);
		});
	}

	@Test
	void resolvesEveryReferenceInsideTheDocument() {
		List<String> references = new ArrayList<>();
		collectReferences(this.document, references);

		assertThat(references).isNotEmpty().allSatisfy((reference) -> {
			if (reference.startsWith("#/")) {
				assertThat(resolve(Map.of("$ref", reference))).as(reference).isNotNull();
			}
			else {
				assertThat(reference).startsWith("/v1/events/schemas/");
				assertThat(MessageCodec.standard().schema(reference.substring("/v1/events/schemas/".length())))
					.as(reference).isPresent();
			}
		});
	}

	private Map<String, Map<String, Object>> channels() {
		Map<String, Map<String, Object>> channels = new LinkedHashMap<>();
		map(this.document, "channels").forEach((name, channel) -> channels.put(name, map(channel)));
		return channels;
	}

	private Map<String, Object> channel(String topic) {
		return channels().values().stream().filter((channel) -> topic.equals(channel.get("address"))).findFirst()
			.orElseThrow(() -> new AssertionError("No channel has the address " + topic));
	}

	private List<Map<String, Object>> operations() {
		return map(this.document, "operations").values().stream().map(AsyncApiDocumentTests::map).toList();
	}

	private Map<String, Object> message(String avroName) {
		return map(map(this.document, "components"), "messages").values().stream()
			.map(AsyncApiDocumentTests::map)
			.filter((message) -> avroName.equals(message.get("x-avro-name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No message describes " + avroName));
	}

	/** Follows a local {@code $ref} (a JSON pointer into this document); returns anything else as it is. */
	private Map<String, Object> resolve(Map<String, Object> node) {
		Object reference = node.get("$ref");
		if (!(reference instanceof String pointer) || !pointer.startsWith("#/")) {
			return node;
		}
		Object target = this.document;
		for (String token : pointer.substring(2).split("/")) {
			target = map(target).get(token.replace("~1", "/").replace("~0", "~"));
			assertThat(target).as("%s at %s", pointer, token).isNotNull();
		}
		return resolve(map(target));
	}

	private static void collectReferences(Object node, List<String> references) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				if ("$ref".equals(key)) {
					references.add((String) value);
				}
				else {
					collectReferences(value, references);
				}
			});
		}
		else if (node instanceof List<?> list) {
			list.forEach((element) -> collectReferences(element, references));
		}
	}

	private static Map<String, Object> map(Object node, String key) {
		Object value = map(node).get(key);
		assertThat(value).as(key).isInstanceOf(Map.class);
		return map(value);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node) {
		assertThat(node).isInstanceOf(Map.class);
		return (Map<String, Object>) node;
	}

}
