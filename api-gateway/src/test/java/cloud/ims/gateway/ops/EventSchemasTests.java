package cloud.ims.gateway.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import cloud.ims.messages.JobStatusChanged;
import cloud.ims.schemas.MessageCodec;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class EventSchemasTests {

	private final WebTestClient client = WebTestClient.bindToController(new EventSchemas()).build();

	@Test
	void servesTheAsyncApiDocumentAsCommittedInYaml() throws IOException {
		String committed = new ClassPathResource(AsyncApiDocument.RESOURCE).getContentAsString(StandardCharsets.UTF_8);

		this.client.get().uri("/v1/events/schemas/asyncapi").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_YAML)
			.expectBody(String.class).isEqualTo(committed);
	}

	@Test
	void servesTheSameDocumentInJsonToAClientThatAsksForJson() {
		this.client.get().uri("/v1/events/schemas/asyncapi").accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.asyncapi").isEqualTo("3.0.0")
			.jsonPath("$.channels.jobEvents.address").isEqualTo("ims.job.events")
			.jsonPath("$.components.messages.JobStatusChanged.x-writer-schemas[1].fingerprint").isEqualTo(
					MessageCodec.standard().publishedSchemas().values().stream()
						.filter((schema) -> schema.current()
								&& schema.fullName().equals(JobStatusChanged.getClassSchema().getFullName()))
						.findFirst().orElseThrow().fingerprint());
	}

	@Test
	void linksTheAsyncApiDocumentFromTheListOfSchemas() {
		this.client.get().uri("/v1/events/schemas").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.asyncapi").isEqualTo("/v1/events/schemas/asyncapi");
	}

	@Test
	void servesEverySchemaTheDocumentRefersTo() {
		String current = MessageCodec.standard().publishedSchemas().values().stream()
			.filter((schema) -> schema.current() && schema.fullName().equals("cloud.ims.messages.ImageChanged"))
			.findFirst().orElseThrow().fingerprint();
		assertThat(AsyncApiDocument.read().yaml()).contains("$ref: /v1/events/schemas/" + current);

		this.client.get().uri("/v1/events/schemas/" + current).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.name").isEqualTo("ImageChanged");
	}

}
