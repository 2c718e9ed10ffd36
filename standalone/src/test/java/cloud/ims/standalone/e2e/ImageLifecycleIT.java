package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.standalone.events.EventLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cloud.ims.standalone.e2e.ImportedImages.images;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Glance's deactivate and reactivate, end to end: a deactivated image stays listed, its data is not handed out and no
 * ECS is created from it; reactivated, it serves both again. Every refused request leaves the image as it was, and
 * each change reaches subscribers as one event.
 */
class ImageLifecycleIT {

	@TempDir
	static Path directory;

	private static ImportedImages imported;

	private final Tenant tenant = Tenant.newProject();

	@BeforeAll
	static void serveImages() {
		imported = new ImportedImages(directory);
	}

	@AfterAll
	static void stopServing() {
		imported.close();
	}

	@Test
	void deactivatedImageStaysListedButServesNeitherDownloadsNorNewEcssUntilReactivated() throws IOException {
		String id = imported.activeImage(this.tenant, "lifecycle");
		byte[] stored = Files.readAllBytes(ImportedImages.storedFile(id));
		Map<String, Object> active = image(id);

		deactivate(id).expectStatus().isNoContent();

		Map<String, Object> deactivated = image(id);
		assertThat(deactivated).containsEntry("status", "deactivated")
			.containsEntry("checksum", active.get("checksum"))
			.containsEntry("size", active.get("size"));
		assertThat(images(this.tenant.json(this.tenant.get("/v2/images"), HttpStatus.OK)))
			.extracting((image) -> image.get("id") + " " + image.get("status")).contains(id + " deactivated");
		assertThat(images(this.tenant.json(this.tenant.get("/v2/cloudimages?status=deactivated"), HttpStatus.OK)))
			.extracting((image) -> image.get("id")).containsExactly(id);
		IsolationIT.assertError(this.tenant.get("/v2/images/" + id + "/file"), HttpStatus.FORBIDDEN, "IMG.0602");
		assertThat(image(id)).isEqualTo(deactivated);
		IsolationIT.assertError(this.tenant.post("/v1/" + this.tenant.projectId + "/cloudservers", """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"from-deactivated"}}""".formatted(id)),
				HttpStatus.CONFLICT, "Ecs.0117");
		assertThat(this.tenant.json(this.tenant.get("/v1/" + this.tenant.projectId + "/cloudservers/detail"),
				HttpStatus.OK)).containsEntry("count", 0);
		assertThat(image(id)).isEqualTo(deactivated);
		deactivate(id).expectStatus().isNoContent();
		assertThat(image(id)).as("a repeat changes nothing").isEqualTo(deactivated);

		reactivate(id).expectStatus().isNoContent();

		assertThat(image(id)).containsEntry("status", "active");
		assertThat(ImportedImages.body(this.tenant.get("/v2/images/" + id + "/file"))).isEqualTo(stored);
		Map<String, Object> servers = this.tenant.createServers(id, "from-reactivated", 1);
		assertThat(this.tenant.awaitJob((String) servers.get("job_id"))).containsEntry("status", "SUCCESS");
		reactivate(id).expectStatus().isNoContent();
		// Created, saving, active by the import; then deactivated and active again, and nothing for the repeats.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
				EventLog.read(TestStack.get().bootstrapServers(), Set.of(this.tenant.projectId)).of("image " + id))
			.extracting(EventLog.Event::state)
			.endsWith("active lifecycle", "deactivated lifecycle", "active lifecycle")
			.hasSize(5));
	}

	@Test
	void letsAnAdminDownloadADeactivatedImageAsGlanceDoes() throws IOException {
		String id = imported.activeImage(this.tenant, "evidence");
		deactivate(id).expectStatus().isNoContent();

		byte[] downloaded = ImportedImages.body(ImportedImages.getAsAdmin(this.tenant, "/v2/images/" + id + "/file"));

		assertThat(downloaded).isEqualTo(Files.readAllBytes(ImportedImages.storedFile(id)));
		assertThat(image(id)).containsEntry("status", "deactivated");
	}

	@Test
	void refusesImagesThatAreNotActiveAndPublicImagesOfOthers() {
		String queued = (String) this.tenant.json(this.tenant.post("/v2/images", "{\"name\":\"empty\"}"),
				HttpStatus.CREATED).get("id");
		Map<String, Object> before = image(queued);

		IsolationIT.assertError(deactivate(queued), HttpStatus.CONFLICT, "IMG.0601");
		IsolationIT.assertError(reactivate(queued), HttpStatus.CONFLICT, "IMG.0601");
		assertThat(image(queued)).isEqualTo(before);

		Image gold = ImageFixture.anActivePublicImage("gold-" + this.tenant.projectId);
		Map<String, Object> publicBefore = image(gold.id().value());
		IsolationIT.assertError(deactivate(gold.id().value()), HttpStatus.FORBIDDEN, "IMG.0094");
		assertThat(image(gold.id().value())).isEqualTo(publicBefore);

		String othersImage = ImageFixture.anActivePrivateImage(Tenant.newProject().projectId, "theirs").id().value();
		IsolationIT.assertError(deactivate(othersImage), HttpStatus.NOT_FOUND, "IMG.0027");
		assertThat(ImageFixture.images().find(new ImageId(othersImage)).block().status().wireName())
			.isEqualTo("active");
	}

	private WebTestClient.ResponseSpec deactivate(String id) {
		return this.tenant.post("/v2/images/" + id + "/actions/deactivate", "");
	}

	private WebTestClient.ResponseSpec reactivate(String id) {
		return this.tenant.post("/v2/images/" + id + "/actions/reactivate", "");
	}

	private Map<String, Object> image(String id) {
		return this.tenant.json(this.tenant.get("/v2/images/" + id), HttpStatus.OK);
	}

}
