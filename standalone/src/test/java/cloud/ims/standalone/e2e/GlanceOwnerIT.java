package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Glance's {@code owner} on create and update: an admin gives an image to another project, which then sees it and
 * whose image quota counts it (the giving project's no longer does); a member may not give its images away (403
 * IMG.0740), and the image stays as it was. Also Glance's discovery of quotas and stores: {@code /v2/info/usage}
 * measures the project's images and {@code /v2/info/stores} names the one store.
 */
class GlanceOwnerIT {

	private static final long MIB = 1024 * 1024;

	@Test
	void adminCreatesAnImageForAnotherProjectWhoseQuotaCountsIt() {
		Tenant admin = Tenant.newProject(true);
		Tenant receiver = Tenant.newProject();

		Map<String, Object> created = admin.json(admin.post("/v2/images",
				"{\"name\":\"given-at-birth\",\"owner\":\"%s\"}".formatted(receiver.projectId)), HttpStatus.CREATED);

		assertThat(created).containsEntry("owner", receiver.projectId);
		assertThat(receiver.json(receiver.get("/v2/images/" + created.get("id")), HttpStatus.OK))
			.containsEntry("owner", receiver.projectId)
			.containsEntry("name", "given-at-birth");
		assertThat(receiver.imageQuotaUsed()).isEqualTo(1);
		assertThat(admin.imageQuotaUsed()).isZero();
	}

	@Test
	void memberCannotCreateAnImageForAnotherProject() {
		Tenant member = Tenant.newProject();

		IsolationIT.assertError(member.post("/v2/images", "{\"name\":\"not-mine-to-give\",\"owner\":\"elsewhere\"}"),
				HttpStatus.FORBIDDEN, "IMG.0740");

		assertThat(images(member, "name=not-mine-to-give")).isEmpty();
		assertThat(member.imageQuotaUsed()).isZero();
		Map<String, Object> own = member.json(member.post("/v2/images",
				"{\"name\":\"named-myself\",\"owner\":\"%s\"}".formatted(member.projectId)), HttpStatus.CREATED);
		assertThat(own).as("naming its own project is allowed").containsEntry("owner", member.projectId);
	}

	@Test
	void adminMovesAnImageToAnotherProjectWithItsQuotaUnit() {
		Tenant admin = Tenant.newProject(true);
		Tenant receiver = Tenant.newProject();
		String id = (String) admin.json(admin.post("/v2/images", "{\"name\":\"moved\"}"), HttpStatus.CREATED).get("id");
		assertThat(admin.imageQuotaUsed()).isEqualTo(1);

		Map<String, Object> moved = admin.json(GlanceListIT.patch(admin, id,
				"[{\"op\":\"replace\",\"path\":\"/owner\",\"value\":\"%s\"},{\"op\":\"add\",\"path\":\"/os_distro\",\"value\":\"debian\"}]"
					.formatted(receiver.projectId)),
				HttpStatus.OK);

		assertThat(moved).containsEntry("owner", receiver.projectId).containsEntry("os_distro", "debian");
		assertThat(receiver.json(receiver.get("/v2/images/" + id), HttpStatus.OK)).containsEntry("owner",
				receiver.projectId);
		admin.get("/v2/images/" + id).expectStatus().isNotFound();
		assertThat(receiver.imageQuotaUsed()).isEqualTo(1);
		assertThat(admin.imageQuotaUsed()).isZero();
	}

	@Test
	void memberCannotGiveItsImageAway() {
		Tenant member = Tenant.newProject();
		String id = (String) member.json(member.post("/v2/images", "{\"name\":\"kept\"}"), HttpStatus.CREATED)
			.get("id");

		IsolationIT.assertError(GlanceListIT.patch(member, id,
				"[{\"op\":\"replace\",\"path\":\"/owner\",\"value\":\"elsewhere\"}]"), HttpStatus.FORBIDDEN,
				"IMG.0740");
		IsolationIT.assertError(GlanceListIT.patch(member, id, "[{\"op\":\"remove\",\"path\":\"/owner\"}]"),
				HttpStatus.FORBIDDEN, "IMG.0096");

		assertThat(member.json(member.get("/v2/images/" + id), HttpStatus.OK)).containsEntry("owner",
				member.projectId);
		assertThat(member.imageQuotaUsed()).isEqualTo(1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void reportsTheProjectsUsageFromItsQuotaAndStoredImages(@TempDir Path disks) throws IOException {
		Tenant tenant = Tenant.newProject();
		tenant.json(tenant.post("/v2/images", "{\"name\":\"waiting\"}"), HttpStatus.CREATED);
		String uploaded = (String) tenant.json(tenant.post("/v2/images",
				"{\"name\":\"uploaded\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}"), HttpStatus.CREATED)
			.get("id");
		// A disk of random data, so that the stored image, however the image-worker keeps it, is a MiB or more.
		byte[] bytes = Files.readAllBytes(new DiskImages(disks).raw());
		tenant.http.put()
			.uri("/v2/images/" + uploaded + "/file")
			.header("X-Auth-Token", tenant.token)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes)
			.exchange()
			.expectStatus().isNoContent();
		Map<String, Object> active = await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> tenant.json(tenant.get("/v2/images/" + uploaded), HttpStatus.OK),
					(image) -> !"saving".equals(image.get("status")));
		assertThat(active).containsEntry("status", "active");
		long stored = ((Number) active.get("size")).longValue();
		// A big image recorded straight into the store (it takes no quota unit), for the sum of sizes in MiB.
		ImageFixture.store(new Image(ImageId.newId(), "big",
				ImageStatus.ACTIVE, Visibility.PRIVATE, tenant.projectId,
				false, List.of(), "bare", 10, 0, null, new ImageData("raw", 3L << 30, 3L << 30,
						"0".repeat(32), "0".repeat(64)), "Linux", null, null, "64", null, "upload", Map.of(), null,
				Instant.now(), Instant.now(), 0));

		Map<String, Object> usage = (Map<String, Object>) tenant.json(tenant.get("/v2/info/usage"), HttpStatus.OK)
			.get("usage");

		assertThat(usage).containsOnlyKeys("image_size_total", "image_stage_total", "image_count_total",
				"image_count_uploading");
		assertThat(usage.get("image_count_total")).isEqualTo(Map.of("limit", imageQuota(tenant), "usage", 2));
		assertThat(usage.get("image_size_total"))
			.isEqualTo(Map.of("limit", (int) ((1L << 40) / MIB), "usage", (int) (((3L << 30) + stored) / MIB)));
		assertThat(usage.get("image_count_uploading")).isEqualTo(Map.of("limit", -1, "usage", 0));
		assertThat(usage.get("image_stage_total")).isEqualTo(Map.of("limit", -1, "usage", 0));
	}

	@Test
	void namesItsOneStoreAsTheDefault() {
		Tenant tenant = Tenant.newProject();

		assertThat(tenant.json(tenant.get("/v2/info/stores"), HttpStatus.OK)).isEqualTo(Map.of("stores",
				List.of(Map.of("id", "local", "description",
						"The image store of this IMS: every image's data is kept here.", "default", true))));
	}

	/** The project's image quota as the Huawei dialect reports it. */
	@SuppressWarnings("unchecked")
	private static int imageQuota(Tenant tenant) {
		Map<String, Object> quotas = (Map<String, Object>) tenant.json(tenant.get("/v1/cloudimages/quota"),
				HttpStatus.OK).get("quotas");
		return ((List<Map<String, Object>>) quotas.get("resources")).stream()
			.filter((resource) -> "image".equals(resource.get("type")))
			.map((resource) -> ((Number) resource.get("quota")).intValue())
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> images(Tenant tenant, String query) {
		return (List<Map<String, Object>>) tenant.json(tenant.get("/v2/images?" + query), HttpStatus.OK)
			.get("images");
	}

}
