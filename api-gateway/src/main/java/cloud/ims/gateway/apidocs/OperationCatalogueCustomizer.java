package cloud.ims.gateway.apidocs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Gives every operation its dialect (as its tag), summary, description and success example from the catalogue, and
 * one response per error status it can answer, with an example per error code, in the API's error shape (Keystone's
 * under {@code /v3}). An operation the catalogue does not know keeps springdoc's bare description, and the API
 * reference test names it.
 */
class OperationCatalogueCustomizer implements OpenApiCustomizer {

	private static final String ERROR = "Error";

	private static final String KEYSTONE_ERROR = "KeystoneError";

	/** How a success without a body is described; the API reference test accepts such an answer. */
	static final String NO_BODY = "No body.";

	private static final Map<String, String> TAGS = new LinkedHashMap<>();

	static {
		TAGS.put("Huawei IMS", "Huawei Cloud Image Management Service: /v1/cloudimages, /v2/cloudimages, image tags.");
		TAGS.put("Huawei ECS", "Huawei Cloud Elastic Cloud Server: /v1/{project_id}/cloudservers and flavors.");
		TAGS.put("Glance v2", "OpenStack Glance v2: /v2/images, tags, data, import, actions and schemas.");
		TAGS.put("Keystone v3", "OpenStack Keystone v3: tokens, users, projects and roles.");
		TAGS.put("IAM credentials", "Huawei IAM access keys (AK/SK) for the Huawei Cloud SDK: /v3.0/OS-CREDENTIAL.");
		TAGS.put("IMS extensions", "IMS's own API: jobs, event schemas, operations, quotas and the versions documents.");
	}

	private final OperationCatalogue catalogue;

	private final Map<String, Example> examples = new TreeMap<>();

	OperationCatalogueCustomizer(OperationCatalogue catalogue) {
		this.catalogue = catalogue;
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getComponents().addSchemas(ERROR, errorSchema()).addSchemas(KEYSTONE_ERROR, keystoneErrorSchema());
		openApi.setTags(TAGS.entrySet().stream().map((tag) -> new Tag().name(tag.getKey()).description(tag.getValue()))
			.toList());
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
			.forEach((method, operation) -> complete(path, method, operation)));
		this.examples.forEach(openApi.getComponents()::addExamples);
	}

	private void complete(String path, PathItem.HttpMethod method, Operation operation) {
		Map<String, Object> entry = this.catalogue.operation(method.name(), path);
		if (entry == null) {
			return;
		}
		operation.setTags(List.of((String) entry.get("tag")));
		operation.setSummary((String) entry.get("summary"));
		if (entry.get("description") != null) {
			operation.setDescription((String) entry.get("description"));
		}
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		if (entry.get("status") != null) {
			// springdoc cannot see the status a ResponseEntity is built with.
			String status = String.valueOf(entry.get("status"));
			ApiResponse success = responses.entrySet().stream().filter((response) -> response.getKey().startsWith("2"))
				.map(Map.Entry::getValue).findFirst().orElseGet(ApiResponse::new);
			responses.keySet().removeIf((key) -> key.startsWith("2"));
			if ("none".equals(entry.get("body"))) {
				success = new ApiResponse().description(NO_BODY + " " + entry.getOrDefault("success", ""));
			}
			responses.addApiResponse(status, success);
		}
		if (entry.get("example") != null) {
			responses.forEach((status, response) -> {
				if (status.startsWith("2") && response.getContent() != null) {
					response.getContent().values().forEach((media) -> media.setExample(entry.get("example")));
				}
			});
		}
		boolean keystone = path.equals("/v3") || path.startsWith("/v3/");
		Map<String, List<String>> byStatus = new TreeMap<>();
		for (String code : this.catalogue.errorCodes(entry)) {
			Map<String, Object> error = this.catalogue.error(code);
			if (error != null) {
				byStatus.computeIfAbsent(String.valueOf(error.get("status")), (status) -> new ArrayList<>()).add(code);
			}
		}
		byStatus.forEach((status, codes) -> responses.addApiResponse(status, errorResponse(status, codes, keystone)));
		operation.setResponses(responses);
	}

	private ApiResponse errorResponse(String status, List<String> codes, boolean keystone) {
		MediaType media = new MediaType()
			.schema(new Schema<>().$ref("#/components/schemas/" + (keystone ? KEYSTONE_ERROR : ERROR)));
		StringBuilder description = new StringBuilder();
		for (String code : codes) {
			String meaning = String.valueOf(this.catalogue.error(code).get("meaning"));
			description.append(description.isEmpty() ? "" : "\n").append("- `").append(code).append("`: ")
				.append(meaning);
			String name = (keystone ? "keystone-" : "") + code;
			this.examples.put(name, new Example().summary(code).value(example(status, code, meaning, keystone)));
			media.addExamples(code, new Example().$ref("#/components/examples/" + name));
		}
		return new ApiResponse().description(description.toString())
			.content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, media));
	}

	private static Map<String, Object> example(String status, String code, String meaning, boolean keystone) {
		Map<String, Object> error = new LinkedHashMap<>();
		if (keystone) {
			int value = Integer.parseInt(status);
			error.put("code", value);
			error.put("title", org.springframework.http.HttpStatus.valueOf(value).getReasonPhrase());
			error.put("message", meaning);
			error.put("ims_code", code);
		}
		else {
			error.put("code", code);
			error.put("message", meaning);
		}
		error.put("request_id", "req-5f0c2a9e1b7d4c3a");
		return Map.of("error", error);
	}

	private static Schema<?> errorSchema() {
		return new ObjectSchema().description("Every error of the API: docs/errors.md lists the codes.")
			.addProperty("error", new ObjectSchema().addProperty("code", new StringSchema().example("IMG.0027"))
				.addProperty("message", new StringSchema())
				.addProperty("request_id", new StringSchema().description("The request's X-Request-Id.")));
	}

	private static Schema<?> keystoneErrorSchema() {
		return new ObjectSchema().description("Errors of the Keystone API (/v3), in Keystone's shape.")
			.addProperty("error", new ObjectSchema().addProperty("code", new IntegerSchema().example(401))
				.addProperty("title", new StringSchema().example("Unauthorized"))
				.addProperty("message", new StringSchema())
				.addProperty("ims_code", new StringSchema().example("IAM.0201"))
				.addProperty("request_id", new StringSchema()));
	}

}
