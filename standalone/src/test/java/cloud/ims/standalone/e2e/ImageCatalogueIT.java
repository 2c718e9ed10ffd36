package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.Visibility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image catalogue as tenants use it: paging, frequently used images, quotas, edits, publishing and deletion.
 */
class ImageCatalogueIT {

	private static final String GLANCE_PATCH = "application/openstack-images-v2.1-json-patch";

	private final Tenant tenant = Tenant.newProject();

	private final Tenant admin = Tenant.newProject(true);

	@Test
	@SuppressWarnings("unchecked")
	void pagesWithoutSkippingOrRepeatingWhileImagesAreCreated() {
		Instant start = Instant.now().minusSeconds(3600);
		List<String> existing = IntStream.range(0, 120)
			.mapToObj((i) -> ImageFixture.store(ImageFixture.image(this.tenant.projectId, "page-" + i, Visibility.PRIVATE,
					false, start.plusSeconds(i))).id().value())
			.toList();
		CompletableFuture<Void> creating = CompletableFuture.runAsync(() -> IntStream.range(0, 60)
			.forEach((i) -> ImageFixture.anActivePrivateImage(this.tenant.projectId, "new-" + i)));

		List<String> seen = new ArrayList<>();
		String next = "/v2/cloudimages?__imagetype=private&limit=25&sort_key=name&sort_dir=asc";
		while (next != null) {
			Map<String, Object> page = this.tenant.json(this.tenant.get(next), HttpStatus.OK);
			((List<Map<String, Object>>) page.get("images")).forEach((image) -> seen.add((String) image.get("id")));
			next = (String) page.get("next");
		}
		creating.join();

		assertThat(new HashSet<>(seen)).hasSize(seen.size());
		assertThat(seen).containsAll(existing);
	}

	@Test
	@SuppressWarnings("unchecked")
	void keepsEachUsersFrequentlyUsedImagesMostRecentFirst() {
		Image first = ImageFixture.anActivePrivateImage(this.tenant.projectId, "starred-1");
		Image second = ImageFixture.anActivePrivateImage(this.tenant.projectId, "starred-2");
		put("/v1/cloudimages/frequently-used/" + first.id()).expectStatus().isNoContent();
		put("/v1/cloudimages/frequently-used/" + second.id()).expectStatus().isNoContent();
		put("/v1/cloudimages/frequently-used/" + first.id()).expectStatus().isNoContent();

		List<Map<String, Object>> listed = (List<Map<String, Object>>) this.tenant
			.json(this.tenant.get("/v1/cloudimages/frequently-used"), HttpStatus.OK).get("images");
		assertThat(listed).extracting((image) -> image.get("id")).containsExactly(second.id().value(), first.id().value());
		assertThat(listed).allSatisfy((image) -> assertThat(image).containsEntry("__frequently_used", true));
		assertThat(ids(this.tenant.json(this.tenant.get("/v2/cloudimages?__frequently_used=true"), HttpStatus.OK)))
			.containsExactlyInAnyOrder(first.id().value(), second.id().value());

		this.tenant.http.delete().uri("/v1/cloudimages/frequently-used/" + first.id())
			.header("X-Auth-Token", this.tenant.token).exchange().expectStatus().isNoContent();
		IsolationIT.assertError(this.tenant.http.delete().uri("/v1/cloudimages/frequently-used/" + first.id())
			.header("X-Auth-Token", this.tenant.token).exchange(), HttpStatus.NOT_FOUND, "IMG.0093");
		delete(second).expectStatus().isNoContent();

		assertThat((List<Object>) this.tenant.json(this.tenant.get("/v1/cloudimages/frequently-used"), HttpStatus.OK)
			.get("images")).isEmpty();
	}

	@Test
	void refusesMoreThanAHundredFrequentlyUsedImages() {
		for (int i = 0; i < 100; i++) {
			put("/v1/cloudimages/frequently-used/" + ImageFixture.anActivePrivateImage(this.tenant.projectId, "s" + i).id())
				.expectStatus().isNoContent();
		}

		IsolationIT.assertError(put("/v1/cloudimages/frequently-used/"
				+ ImageFixture.anActivePrivateImage(this.tenant.projectId, "one-too-many").id()), HttpStatus.CONFLICT,
				"IMG.0095");
	}

	@Test
	@SuppressWarnings("unchecked")
	void refusesAnImageBeyondTheProjectsQuotaBeforeAnyWorkStarts() {
		this.admin.http.put().uri("/v1/admin/quotas/" + this.tenant.projectId).header("X-Auth-Token", this.admin.token)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"images\":1}").exchange().expectStatus().isOk();
		String server = this.tenant.activeServer("quota");

		Map<String, Object> accepted = this.tenant.json(capture(server, "within-quota"), HttpStatus.ACCEPTED);
		IsolationIT.assertError(capture(server, "beyond-quota"), HttpStatus.TOO_MANY_REQUESTS, "IMG.0429");

		assertThat(this.tenant.awaitJob((String) accepted.get("job_id"))).containsEntry("status", "SUCCESS");
		Map<String, Object> quota = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) this.tenant
			.json(this.tenant.get("/v1/cloudimages/quota"), HttpStatus.OK).get("quotas")).get("resources")).get(0);
		assertThat(quota).containsEntry("type", "image").containsEntry("used", 1).containsEntry("quota", 1);
		assertThat(ids(this.tenant.json(this.tenant.get("/v2/cloudimages?name=beyond-quota"), HttpStatus.OK))).isEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void deletesAnImageWhoseEcssKeepWorking() throws Exception {
		String server = this.tenant.activeServer("source");
		String imageId = (String) ((Map<String, Object>) this.tenant
			.awaitJob((String) this.tenant.json(capture(server, "to-delete"), HttpStatus.ACCEPTED).get("job_id"))
			.get("entities")).get("image_id");
		Map<String, Object> fromImage = this.tenant.createServers(imageId, "child", 1);
		this.tenant.awaitJob((String) fromImage.get("job_id"));
		String child = ((List<String>) fromImage.get("serverIds")).get(0);

		String jobId = delete(imageId).expectStatus().isNoContent().returnResult(String.class).getResponseHeaders()
			.getFirst("X-Job-Id");

		assertThat(this.tenant.awaitJob(jobId)).containsEntry("status", "SUCCESS").containsEntry("job_type",
				"imsDeleteImageJob");
		assertThat(TestStack.get().dataDir().resolve("images/objects/" + imageId)).doesNotExist();
		this.tenant.get("/v2/images/" + imageId).expectStatus().isNotFound();
		assertThat(ids(this.tenant.json(this.tenant.get("/v2/cloudimages"), HttpStatus.OK))).doesNotContain(imageId);
		assertThat(new cloud.ims.core.qemu.QemuImg("qemu-img", Duration.ofMinutes(1), 1L << 30)
			.info(TestStack.get().dataDir().resolve("vmware/disks/" + child + ".qcow2")).format()).isEqualTo("qcow2");
	}

	@Test
	void refusesToDeleteProtectedImagesAndImagesBeingCreated() {
		Image image = ImageFixture.anActivePrivateImage(this.tenant.projectId, "guarded");
		patchGlance(image.id().value(), "[{\"op\":\"replace\",\"path\":\"/protected\",\"value\":true}]").expectStatus()
			.isOk();

		IsolationIT.assertError(delete(image.id().value()), HttpStatus.CONFLICT, "IMG.0028");
		Image saving = ImageFixture.store(new Image(cloud.ims.core.image.ImageId.newId(), "saving",
				cloud.ims.core.image.ImageStatus.SAVING, Visibility.PRIVATE, this.tenant.projectId, false, List.of(),
				"bare", 1, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), "job", Instant.now(),
				Instant.now(), 0));
		IsolationIT.assertError(delete(saving.id().value()), HttpStatus.CONFLICT, "IMG.0090");
	}

	@Test
	void letsOnlyAdminsPublishAndWithdrawImages() {
		Image image = ImageFixture.anActivePrivateImage(this.tenant.projectId, "to-publish");
		String publish = "[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"public\"}]";

		IsolationIT.assertError(patchGlance(image.id().value(), publish), HttpStatus.FORBIDDEN, "IMG.0094");
		Image adminsOwn = ImageFixture.anActivePrivateImage(this.admin.projectId, "admins-image");
		this.admin.http.patch().uri("/v2/images/" + adminsOwn.id()).header("X-Auth-Token", this.admin.token)
			.contentType(MediaType.parseMediaType(GLANCE_PATCH)).bodyValue(publish).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.visibility").isEqualTo("public").jsonPath("$.protected").isEqualTo(true)
			.jsonPath("$.__imagetype").isEqualTo("gold");
		this.tenant.get("/v2/images/" + adminsOwn.id()).expectStatus().isOk();
		IsolationIT.assertError(delete(adminsOwn.id().value()), HttpStatus.FORBIDDEN, "IMG.0094");
	}

	@Test
	void editsThroughBothDialects() {
		Image image = ImageFixture.anActivePrivateImage(this.tenant.projectId, "editable");
		String id = image.id().value();

		this.tenant.http.patch().uri("/v2/cloudimages/" + id).header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[{\"op\":\"replace\",\"path\":\"/min_disk\",\"value\":\"50\"},"
					+ "{\"op\":\"add\",\"path\":\"/__description\",\"value\":\"edited\"},"
					+ "{\"op\":\"add\",\"path\":\"/cost_center\",\"value\":\"42\"}]")
			.exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.min_disk").isEqualTo(50).jsonPath("$.__description").isEqualTo("edited")
			.jsonPath("$.cost_center").isEqualTo("42");
		patchGlance(id, "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"renamed\"}]").expectStatus().isOk()
			.expectBody().jsonPath("$.name").isEqualTo("renamed");
		IsolationIT.assertError(patchGlance(id, "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"killed\"}]"),
				HttpStatus.FORBIDDEN, "IMG.0096");
		this.tenant.http.patch().uri("/v2/images/" + id).header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"x\"}]").exchange()
			.expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectBody().jsonPath("$.error.code").isEqualTo("IMS.0415");
		put("/v2/images/" + id + "/tags/blue").expectStatus().isNoContent();
		put("/v2/images/" + id + "/tags/blue").expectStatus().isNoContent();
		this.tenant.get("/v2/images/" + id).expectBody().jsonPath("$.tags").isEqualTo(List.of("blue"));
		this.tenant.http.delete().uri("/v2/images/" + id + "/tags/blue").header("X-Auth-Token", this.tenant.token)
			.exchange().expectStatus().isNoContent();
		this.tenant.http.delete().uri("/v2/images/" + id + "/tags/blue").header("X-Auth-Token", this.tenant.token)
			.exchange().expectStatus().isNotFound();
	}

	@Test
	void editsOnlyActiveImagesInTheHuaweiDialect() {
		Image queued = ImageFixture.store(new Image(cloud.ims.core.image.ImageId.newId(), "queued",
				cloud.ims.core.image.ImageStatus.QUEUED, Visibility.PRIVATE, this.tenant.projectId, false, List.of(),
				"bare", 1, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), null, Instant.now(),
				Instant.now(), 0));

		IsolationIT.assertError(this.tenant.http.patch().uri("/v2/cloudimages/" + queued.id())
			.header("X-Auth-Token", this.tenant.token).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"x\"}]").exchange(), HttpStatus.CONFLICT,
				"IMG.0091");
	}

	@Test
	void letsAdminsListEveryProjectsImages() {
		Image foreign = ImageFixture.anActivePrivateImage(this.tenant.projectId, "for-admin-eyes");

		assertThat(ids(this.admin.json(this.admin.get("/v2/cloudimages?all_projects=true&id=" + foreign.id()),
				HttpStatus.OK))).containsExactly(foreign.id().value());
		assertThat(ids(this.admin.json(this.admin.get("/v2/cloudimages?id=" + foreign.id()), HttpStatus.OK))).isEmpty();
	}

	@Test
	void servesTheOsVersionCatalogue() {
		this.tenant.get("/v1/cloudimages/os_version").expectStatus().isOk().expectBody()
			.jsonPath("$[?(@.platform=='Ubuntu')].version_list[*].os_version").value((List<String> versions) ->
					assertThat(versions).contains("Ubuntu 24.04 server 64bit"));
	}

	private WebTestClient.ResponseSpec capture(String server, String name) {
		return this.tenant.post("/v2/cloudimages/action",
				"{\"name\":\"" + name + "\",\"instance_id\":\"" + server + "\"}");
	}

	private WebTestClient.ResponseSpec put(String path) {
		return this.tenant.http.put().uri(path).header("X-Auth-Token", this.tenant.token).exchange();
	}

	private WebTestClient.ResponseSpec delete(Image image) {
		return delete(image.id().value());
	}

	private WebTestClient.ResponseSpec delete(String imageId) {
		return this.tenant.http.delete().uri("/v2/images/" + imageId).header("X-Auth-Token", this.tenant.token)
			.exchange();
	}

	private WebTestClient.ResponseSpec patchGlance(String imageId, String patch) {
		return this.tenant.http.patch().uri("/v2/images/" + imageId).header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.parseMediaType(GLANCE_PATCH)).bodyValue(patch).exchange();
	}

	@SuppressWarnings("unchecked")
	private static Set<String> ids(Map<String, Object> list) {
		Set<String> ids = new HashSet<>();
		((List<Map<String, Object>>) list.get("images")).forEach((image) -> ids.add((String) image.get("id")));
		return ids;
	}

}
