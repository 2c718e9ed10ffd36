package cloud.ims.standalone.e2e;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import cloud.ims.core.image.Image;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caps on metadata hold in each dialect, each refusal with its code and a message naming the limit, and leave
 * the resource as it was (read back afterwards): free-form image properties in Glance's create and update and in
 * Huawei's UpdateImage, ECS metadata in CreateServers up to the {@code maxServerMeta} the limits answer advertises.
 */
class MetadataLimitsIT {

	private static final String GLANCE_PATCH = "application/openstack-images-v2.1-json-patch";

	private final Tenant tenant = Tenant.newProject();

	@Test
	@SuppressWarnings("unchecked")
	void glanceRefusesAnImageWithMorePropertiesThanTheQuotaAndCreatesNothing() {
		String properties = IntStream.range(0, 129)
			.mapToObj((i) -> "\"p" + i + "\":\"v\"")
			.collect(Collectors.joining(","));

		assertRefused(this.tenant.post("/v2/images", "{\"name\":\"too-many\"," + properties + "}"), HttpStatus.BAD_REQUEST,
				"IMG.0030", "at most 128 properties");

		assertThat((List<Object>) this.tenant.json(this.tenant.get("/v2/images?name=too-many"), HttpStatus.OK)
			.get("images")).isEmpty();
		assertThat(this.tenant.imageQuotaUsed()).isZero();
	}

	@Test
	void glanceRefusesAPropertyValueOrNameOverItsLimitAndKeepsTheImage() {
		Map<String, Object> created = this.tenant.json(this.tenant.post("/v2/images",
				"{\"name\":\"capped\",\"kept\":\"yes\"}"), HttpStatus.CREATED);
		String id = (String) created.get("id");

		assertRefused(patchGlance(id, add("/notes", "v".repeat(65_536))), HttpStatus.BAD_REQUEST, "IMG.0032",
				"at most 65535");
		assertRefused(patchGlance(id, add("/" + "k".repeat(256), "v")), HttpStatus.BAD_REQUEST, "IMG.0031",
				"use 1 to 255 characters");

		Map<String, Object> reread = this.tenant.json(this.tenant.get("/v2/images/" + id), HttpStatus.OK);
		assertThat(reread).containsEntry("kept", "yes").doesNotContainKey("notes").doesNotContainKey("k".repeat(256))
			.containsEntry("updated_at", created.get("updated_at"));
	}

	@Test
	void huaweiUpdateImageRefusesMorePropertiesThanTheQuotaAndKeepsTheImage() {
		Image image = ImageFixture.anActivePrivateImage(this.tenant.projectId, "huawei-capped");
		String id = image.id().value();
		patchHuawei(id, "[{\"op\":\"add\",\"path\":\"/cost_center\",\"value\":\"42\"}]").expectStatus().isOk();
		String operations = IntStream.range(0, 128)
			.mapToObj((i) -> "{\"op\":\"add\",\"path\":\"/p" + i + "\",\"value\":\"v\"}")
			.collect(Collectors.joining(",", "[", "]"));

		assertRefused(patchHuawei(id, operations), HttpStatus.BAD_REQUEST, "IMG.0030",
				"at most 128 properties; this request would leave it 129");

		Map<String, Object> reread = this.tenant.json(this.tenant.get("/v2/images/" + id), HttpStatus.OK);
		assertThat(reread).containsEntry("cost_center", "42").doesNotContainKey("p0").doesNotContainKey("p127");
	}

	private WebTestClient.ResponseSpec patchHuawei(String id, String patch) {
		return this.tenant.http.patch()
			.uri("/v2/cloudimages/" + id)
			.header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(patch)
			.exchange();
	}

	@Test
	@SuppressWarnings("unchecked")
	void createServersTakesAsManyMetadataPairsAsTheLimitsAdvertiseAndNoMore() {
		Map<String, Object> absolute = (Map<String, Object>) this.tenant
			.json(this.tenant.get(servers() + "/limits"), HttpStatus.OK)
			.get("absolute");
		int maxServerMeta = ((Number) absolute.get("maxServerMeta")).intValue();
		assertThat(maxServerMeta).isEqualTo(10);
		assertThat(absolute).containsEntry("maxImageMeta", 128);

		assertThat(this.tenant.json(this.tenant.post(servers(), serversWith(maxServerMeta, true)), HttpStatus.ACCEPTED))
			.containsEntry("dry_run", "passed");
		assertRefused(this.tenant.post(servers(), serversWith(maxServerMeta + 1, false)), HttpStatus.BAD_REQUEST,
				"Ecs.0031", "at most 10");
		assertRefused(this.tenant.post(servers(), serversWith(Map.of("k", "v".repeat(256)))), HttpStatus.BAD_REQUEST,
				"Ecs.0033", "at most 255 characters");
		assertRefused(this.tenant.post(servers(), serversWith(Map.of("bad key", "v"))), HttpStatus.BAD_REQUEST,
				"Ecs.0032", "use 1 to 255 letters");

		assertThat(this.tenant.json(this.tenant.get(servers() + "/detail"), HttpStatus.OK)).containsEntry("count", 0);
		assertThat((List<Object>) this.tenant.json(this.tenant.get("/v1/" + this.tenant.projectId + "/jobs"),
				HttpStatus.OK).get("jobs")).isEmpty();
		assertThat(((Map<String, Object>) this.tenant.json(this.tenant.get(servers() + "/limits"), HttpStatus.OK)
			.get("absolute"))).containsEntry("totalInstancesUsed", 0);
	}

	private String serversWith(int pairs, boolean dryRun) {
		Map<String, String> metadata = IntStream.range(0, pairs)
			.boxed()
			.collect(Collectors.toMap((i) -> "key-" + i, (i) -> "value-" + i));
		return serversWith(metadata).replace("\"dry_run\":false", "\"dry_run\":" + dryRun);
	}

	private String serversWith(Map<String, String> metadata) {
		String pairs = metadata.entrySet()
			.stream()
			.map((entry) -> "\"" + entry.getKey() + "\":\"" + entry.getValue() + "\"")
			.collect(Collectors.joining(","));
		return """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"meta","metadata":{%s}},"dry_run":false}"""
			.formatted(this.tenant.baseImageId(), pairs);
	}

	private String servers() {
		return "/v1/" + this.tenant.projectId + "/cloudservers";
	}

	private WebTestClient.ResponseSpec patchGlance(String id, String patch) {
		return this.tenant.http.patch()
			.uri("/v2/images/" + id)
			.header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.parseMediaType(GLANCE_PATCH))
			.bodyValue(patch)
			.exchange();
	}

	private static String add(String path, String value) {
		return "[{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":\"" + value + "\"}]";
	}

	@SuppressWarnings("unchecked")
	private void assertRefused(WebTestClient.ResponseSpec response, HttpStatus status, String code, String saying) {
		Map<String, Object> error = (Map<String, Object>) this.tenant.json(response, status).get("error");
		assertThat(error).containsEntry("code", code);
		assertThat((String) error.get("message")).contains(saying).hasSizeLessThan(1000);
	}

}
