package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import cloud.ims.gateway.apidocs.OperationCatalogue;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API reference is complete and current: every route of the running gateway is in the served OpenAPI document
 * with its dialect, a summary, a success answer and its errors, and docs/openapi.json is that document. With
 * {@code -Dapi-reference.write=true} it writes docs/openapi.json instead of comparing (README, "API reference").
 */
class ApiReferenceIT {

	private static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

	@Test
	void servesAnOpenApi31DocumentWithoutAToken() {
		JsonNode document = served();
		assertThat(document.path("openapi").asString()).startsWith("3.1");
		TestStack.get().client().get().uri("/openapi/ui").exchange().expectStatus().is3xxRedirection();
		TestStack.get().client().get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isOk();
	}

	@Test
	void documentsEveryRouteWithItsSummarySuccessAndErrors() {
		JsonNode paths = served().path("paths");
		OperationCatalogue catalogue = OperationCatalogue.load();
		List<String> problems = new ArrayList<>();
		for (String route : routes()) {
			String method = route.substring(0, route.indexOf(' '));
			String path = route.substring(route.indexOf(' ') + 1);
			JsonNode operation = paths.path(path).path(method.toLowerCase(java.util.Locale.ROOT));
			if (operation.isMissingNode() || !catalogue.documents(method, path)) {
				problems.add(route + " is undocumented: add \"" + route + "\" to " + OperationCatalogue.LOCATION
						+ " (python3 tools/openapi/operations.py adds a skeleton)");
				continue;
			}
			if (operation.path("summary").asString("").isBlank()) {
				problems.add(route + " has no summary in " + OperationCatalogue.LOCATION);
			}
			if (operation.path("tags").isEmpty()) {
				problems.add(route + " has no dialect (tag) in " + OperationCatalogue.LOCATION);
			}
			boolean success = false;
			boolean errors = false;
			for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
				if (response.getKey().startsWith("2")) {
					success |= response.getKey().equals("204") || method.equals("HEAD")
							|| response.getValue().path("description").asString("").startsWith("No body.")
							|| response.getValue().path("content").properties().stream()
								.anyMatch((media) -> media.getValue().has("schema") || media.getValue().has("example"));
				}
				if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
					errors |= response.getValue().path("content").properties().stream()
						.anyMatch((media) -> media.getValue().has("examples"));
				}
			}
			if (!success) {
				problems.add(route + " has no 2xx response with a schema or example: add an example, or status and "
						+ "body: none, to its entry in " + OperationCatalogue.LOCATION);
			}
			if (!errors) {
				problems.add(route + " has no error responses: list its codes under errors in "
						+ OperationCatalogue.LOCATION);
			}
		}
		assertThat(problems).as("routes of the gateway missing from the API reference").isEmpty();
	}

	@Test
	void keepsTheCommittedDocumentCurrent() throws IOException {
		String served = JSON.writeValueAsString(served()) + "\n";
		if (Boolean.getBoolean("api-reference.write")) {
			Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
		}
		assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
			.as("docs/openapi.json differs from the served document; regenerate it as the README's API reference says")
			.isEqualTo(served);
	}

	private static JsonNode served() {
		byte[] body = TestStack.get().client().mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build().get().uri("/openapi").exchange().expectStatus().isOk()
			.expectBody().returnResult().getResponseBody();
		return JSON.readTree(body);
	}

	/** {@code METHOD path} of every API handler method of the running gateway (the console's HTML pages aside). */
	private static Set<String> routes() {
		Set<String> routes = new TreeSet<>();
		Map<String, RequestMappingHandlerMapping> mappings = TestStack.get().stack().gateway()
			.getBeansOfType(RequestMappingHandlerMapping.class);
		for (RequestMappingHandlerMapping mapping : mappings.values()) {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> handler : mapping.getHandlerMethods().entrySet()) {
				String type = handler.getValue().getBeanType().getName();
				if (!type.startsWith("cloud.ims.gateway.") || type.startsWith("cloud.ims.gateway.console.")) {
					continue;
				}
				Set<RequestMethod> methods = handler.getKey().getMethodsCondition().getMethods();
				for (PathPattern pattern : handler.getKey().getPatternsCondition().getPatterns()) {
					for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
						routes.add(method.name() + " " + pattern.getPatternString());
					}
				}
			}
		}
		assertThat(routes).as("the gateway's routes").isNotEmpty();
		return routes;
	}

}
