package cloud.ims.gateway.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Glance's JSON schemas of an image and of an image list. glanceclient downloads the image schema before its
 * first call, builds its command options from it and validates every image it shows against it, so the schema
 * declares each field the image representation returns, Huawei's {@code __} extensions included, with its real
 * JSON type. Read once at start-up: a malformed resource stops the gateway instead of failing a client later.
 */
@RestController
class GlanceSchemaController {

	private final JsonNode image;

	private final JsonNode images;

	GlanceSchemaController(JsonMapper jsonMapper) {
		this.image = read(jsonMapper, "glance/schema-image.json");
		this.images = read(jsonMapper, "glance/schema-images.json");
	}

	@GetMapping("/v2/schemas/image")
	JsonNode image() {
		return this.image;
	}

	@GetMapping("/v2/schemas/images")
	JsonNode images() {
		return this.images;
	}

	private static JsonNode read(JsonMapper jsonMapper, String resource) {
		try (InputStream json = new ClassPathResource(resource).getInputStream()) {
			return jsonMapper.readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Glance schema " + resource, ex);
		}
	}

}
