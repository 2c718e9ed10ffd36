package cloud.ims.gateway.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.PublishedSchema;
import cloud.ims.schemas.Topics;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes every Avro schema messages may be written with, by fingerprint, so that subscribers in any language can
 * decode events without a schema registry: read the 8 bytes after {@code C3 01} (little-endian), look the
 * fingerprint up here, decode the rest with that schema. Beside them, the AsyncAPI document of the topics, which
 * refers to these schemas by path: the contract a subscriber builds on, without a token like the schemas.
 */
@RestController
class EventSchemas {

	static final String ASYNCAPI = "/v1/events/schemas/asyncapi";

	private final AsyncApiDocument asyncApi = AsyncApiDocument.read();

	@GetMapping("/v1/events/schemas")
	Map<String, Object> list() {
		List<Map<String, Object>> schemas = MessageCodec.standard().publishedSchemas().values().stream()
			.map(EventSchemas::summary)
			.toList();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("schemas", schemas);
		body.put("topics", Map.of("jobs", Topics.JOB_EVENTS, "images", Topics.IMAGE_EVENTS, "servers",
				Topics.SERVER_EVENTS, "audit", Topics.AUDIT_EVENTS));
		body.put("encoding", "Avro single-object encoding: C3 01, the 8-byte CRC-64-AVRO fingerprint (little-endian), "
				+ "then the Avro binary. Fingerprints here are the 64-bit value in big-endian hex.");
		body.put("asyncapi", ASYNCAPI);
		return body;
	}

	/** The AsyncAPI document as committed, for any client that does not ask for JSON. */
	@GetMapping(ASYNCAPI)
	ResponseEntity<String> asyncApi() {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_YAML).body(this.asyncApi.yaml());
	}

	@GetMapping(path = ASYNCAPI, produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> asyncApiAsJson() {
		return this.asyncApi.tree();
	}

	@GetMapping("/v1/events/schemas/{fingerprint}")
	ResponseEntity<String> show(@PathVariable String fingerprint) {
		PublishedSchema schema = MessageCodec.standard().schema(fingerprint)
			.orElseThrow(() -> new ImsException(Kind.NOT_FOUND, "IMS.0404", "No schema has fingerprint " + fingerprint
					+ ". GET /v1/events/schemas lists them."));
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(schema.schema().toString());
	}

	private static Map<String, Object> summary(PublishedSchema schema) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("fingerprint", schema.fingerprint());
		summary.put("name", schema.fullName());
		summary.put("version", schema.version());
		summary.put("current", schema.current());
		summary.put("self", "/v1/events/schemas/" + schema.fingerprint());
		return summary;
	}

}
