package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import cloud.ims.standalone.ImsStack;
import cloud.ims.standalone.StackSettings;
import cloud.ims.standalone.keys.SecurityMaterial;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18, storage: a project's quota of image bytes ({@code ims.quota.image-bytes}, set per project by an admin) is
 * counted at upload, stage, URL import, copy and kept export (until its sweep); work whose bytes do not fit is refused with 429 {@code IMG.0432}
 * before a byte is stored, a download that crosses it fails its job with that code and leaves nothing behind, and a
 * deletion gives the bytes back. The store's free-space floor ({@code ims.store.min-free}) refuses work with 507
 * {@code IMS.0507}: proved on a stack of its own whose floor is set above the real free space of its disk.
 */
class StorageQuotaIT {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final int DISK = 64 * 1024;

	@TempDir
	static Path sources;

	private final Tenant tenant = Tenant.newProject();

	private final Tenant admin = Tenant.newProject(true);

	@Test
	void refusesAnUploadAndAStageBeyondTheQuotaBeforeStoringAByte() {
		setBytesQuota(DISK / 2);
		String uploaded = queuedImage();
		String staged = queuedImage();

		assertThat(error(upload(uploaded, "file", disk()), HttpStatus.TOO_MANY_REQUESTS)).containsEntry("code",
				"IMG.0432")
			.hasEntrySatisfying("message", (message) -> assertThat((String) message)
				.contains("has used 0 of its quota of " + (DISK / 2) + " bytes of image data")
				.contains("needs " + DISK + " more")
				.contains("ask an admin"));
		assertThat(error(upload(staged, "stage", disk()), HttpStatus.TOO_MANY_REQUESTS)).containsEntry("code",
				"IMG.0432");

		for (String id : List.of(uploaded, staged)) {
			assertThat(image(id)).as("image %s", id).containsEntry("status", "queued");
			assertNothingStoredFor(id);
		}
		assertThat(bytesUsed()).isZero();
		assertThat(this.tenant.imageQuotaUsed()).as("the two queued images").isEqualTo(2);
	}

	@Test
	void failsADownloadThatCrossesTheQuotaAndRefusesImportsOnceItIsUsedUp() {
		try (FileServer files = FileServer.start().file("/disk.raw", disk())) {
			setBytesQuota(DISK / 2);

			Map<String, Object> job = this.tenant.awaitJob(importFromUrl(files.url("/disk.raw")));

			assertThat(job).as("job %s", job).containsEntry("status", "FAIL").containsEntry("error_code", "IMG.0432");
			String imageId = (String) ((Map<?, ?>) job.get("entities")).get("image_id");
			assertThat(image(imageId)).containsEntry("status", "killed");
			assertNothingStoredFor(imageId);
			assertThat(bytesUsed()).isZero();
			assertThat(this.tenant.imageQuotaUsed()).isZero();

			setBytesQuota(0);
			assertThat(error(this.tenant.post("/v2/cloudimages/action", importBody(files.url("/disk.raw"))),
					HttpStatus.TOO_MANY_REQUESTS)).containsEntry("code", "IMG.0432");
			assertThat(this.tenant.imageQuotaUsed()).as("nothing was created").isZero();
		}
	}

	@Test
	void countsAnUploadAndACopyAndGivesTheBytesBackWithTheImage() {
		setBytesQuota(4 * DISK);
		String imageId = queuedImage();
		upload(imageId, "file", disk()).expectStatus().isNoContent();
		Map<String, Object> active = await().atMost(Duration.ofSeconds(60))
			.until(() -> image(imageId), (image) -> !"saving".equals(image.get("status")));
		assertThat(active).containsEntry("status", "active");
		long stored = ((Number) active.get("size")).longValue();
		assertThat(bytesUsed()).as("settled to the size stored").isEqualTo(stored);
		// Room for less than one more image of that size: a copy, which shares the file, still counts it.
		setBytesQuota(stored + stored / 2);

		assertThat(error(this.tenant.post("/v1/cloudimages/" + imageId + "/copy", "{\"name\":\"copy\"}"),
				HttpStatus.TOO_MANY_REQUESTS)).containsEntry("code", "IMG.0432");
		assertThat(this.tenant.imageQuotaUsed()).as("no copy was created").isEqualTo(1);
		assertThat(bytesUsed()).isEqualTo(stored);

		setBytesQuota(3 * stored);
		String copyJob = (String) this.tenant.json(this.tenant.post("/v1/cloudimages/" + imageId + "/copy",
				"{\"name\":\"copy\"}"), HttpStatus.ACCEPTED).get("job_id");
		Map<String, Object> copied = this.tenant.awaitJob(copyJob);
		assertThat(copied).as("job %s", copied).containsEntry("status", "SUCCESS");
		String copyId = (String) ((Map<?, ?>) copied.get("entities")).get("image_id");
		assertThat(bytesUsed()).as("the copy counts the shared file's bytes").isEqualTo(2 * stored);

		this.tenant.http.delete().uri("/v2/images/" + imageId).header("X-Auth-Token", this.tenant.token).exchange()
			.expectStatus().isNoContent();
		this.tenant.http.delete().uri("/v2/images/" + copyId).header("X-Auth-Token", this.tenant.token).exchange()
			.expectStatus().isNoContent();

		assertThat(bytesUsed()).as("released with the images").isZero();
		assertThat(this.tenant.imageQuotaUsed()).isZero();
		assertThat(quotaResource("image_size")).containsEntry("quota", (int) (3 * stored));
	}

	@Test
	void countsAKeptExportUntilItsSweepAndRefusesOneThatDoesNotFit() {
		setBytesQuota(8 * DISK);
		String imageId = queuedImage();
		upload(imageId, "file", disk()).expectStatus().isNoContent();
		Map<String, Object> active = await().atMost(Duration.ofSeconds(60))
			.until(() -> image(imageId), (image) -> !"saving".equals(image.get("status")));
		long stored = ((Number) active.get("size")).longValue();

		Map<String, Object> accepted = this.tenant.post("/v1/cloudimages/" + imageId + "/file",
				"{\"file_format\":\"raw\"}").expectBody(JSON).returnResult().getResponseBody();
		assertThat(accepted).as("the export's answer").containsKey("job_id");
		Map<String, Object> exported = this.tenant.awaitJob((String) accepted.get("job_id"));

		assertThat(exported).as("job %s", exported).containsEntry("status", "SUCCESS");
		long exportSize = Long.parseLong((String) ((Map<?, ?>) exported.get("entities")).get("size"));
		assertThat(bytesUsed()).as("the image and its kept export").isEqualTo(stored + exportSize);

		setBytesQuota(stored + exportSize + stored - 1);
		assertThat(error(this.tenant.post("/v1/cloudimages/" + imageId + "/file", "{\"file_format\":\"raw\"}"),
				HttpStatus.TOO_MANY_REQUESTS)).containsEntry("code", "IMG.0432");

		// The test stack keeps exports for 30 s and sweeps every second; the sweep gives the bytes back.
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(bytesUsed()).as("the export swept").isEqualTo(stored));
	}

	@Test
	void refusesWorkThatWouldLeaveTheStoreBelowItsFreeSpaceFloor() throws IOException {
		Path dataDir = Files.createTempDirectory("ims-floor");
		Path images = Files.createDirectories(dataDir.resolve("images"));
		long floor = Files.getFileStore(images).getUsableSpace() + (1L << 30);
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
		kafka.afterPropertiesSet();
		MongoServer mongo = new MongoServer(new MemoryBackend());
		SecurityMaterial keys = SecurityMaterial.ensure(dataDir);
		ImsStack stack = ImsStack.start(new StackSettings(dataDir, 0, kafka.getBrokersAsString(),
				mongo.bindAndGetConnectionString(),
				List.of("--ims.store.min-free=" + floor + "B", "--ims.import.allowed-hosts=localhost")));
		// Stopped with the JVM, not here: a gateway's context closes Reactor Netty's global event loops, which the
		// shared test stack's gateway serves on too.
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stack.close();
			kafka.destroy();
			mongo.shutdownNow();
		}));
		WebTestClient http = TestStack.client(stack.gatewayPort());
		String token = keys.tokenIssuer().issue("p-floor", "alice", false, Duration.ofHours(1));
		String imageId = (String) http.post().uri("/v2/images").header("X-Auth-Token", token)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"floor\",\"disk_format\":\"raw\","
					+ "\"container_format\":\"bare\"}")
			.exchange().expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody().get("id");

		Map<String, Object> refused = errorOf(http.put().uri("/v2/images/" + imageId + "/file")
			.header("X-Auth-Token", token).contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(Files.readAllBytes(disk())).exchange(), HttpStatus.INSUFFICIENT_STORAGE);
		Map<String, Object> importRefused = errorOf(http.post().uri("/v2/cloudimages/action")
			.header("X-Auth-Token", token).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(importBody("http://localhost:1/disk.raw")).exchange(), HttpStatus.INSUFFICIENT_STORAGE);

		assertThat(refused).containsEntry("code", "IMS.0507").hasEntrySatisfying("message",
				(message) -> assertThat((String) message).contains("keeps at least " + floor + " free")
					.contains("bytes free"));
		assertThat(importRefused).containsEntry("code", "IMS.0507");
		assertThat(http.get().uri("/v2/images/" + imageId).header("X-Auth-Token", token).exchange()
			.expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody())
			.containsEntry("status", "queued");
		assertThat(namesIn(images.resolve("staging"))).noneMatch((name) -> name.contains(imageId));
		assertThat(namesIn(images.resolve("objects"))).noneMatch((name) -> name.contains(imageId));
	}

	private void setBytesQuota(long bytes) {
		this.admin.http.put()
			.uri("/v1/admin/quotas/" + this.tenant.projectId)
			.header("X-Auth-Token", this.admin.token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"image_bytes\":" + bytes + "}")
			.exchange()
			.expectStatus().isOk();
	}

	private long bytesUsed() {
		return ((Number) quotaResource("image_size").get("used")).longValue();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> quotaResource(String type) {
		Map<String, Object> quotas = (Map<String, Object>) this.tenant.json(this.tenant.get("/v1/cloudimages/quota"),
				HttpStatus.OK).get("quotas");
		return ((List<Map<String, Object>>) quotas.get("resources")).stream()
			.filter((resource) -> type.equals(resource.get("type")))
			.findFirst()
			.orElseThrow();
	}

	private String queuedImage() {
		return (String) this.tenant.json(this.tenant.post("/v2/images",
				"{\"name\":\"bytes\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}"), HttpStatus.CREATED)
			.get("id");
	}

	private WebTestClient.ResponseSpec upload(String imageId, String route, Path file) {
		try {
			return this.tenant.http.put()
				.uri("/v2/images/" + imageId + "/" + route)
				.header("X-Auth-Token", this.tenant.token)
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.bodyValue(Files.readAllBytes(file))
				.exchange();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String importFromUrl(String url) {
		return (String) this.tenant.json(this.tenant.post("/v2/cloudimages/action", importBody(url)),
				HttpStatus.ACCEPTED).get("job_id");
	}

	private static String importBody(String url) {
		return "{\"name\":\"imported\",\"image_url\":\"" + url + "\",\"min_disk\":1}";
	}

	private Map<String, Object> image(String imageId) {
		return this.tenant.json(this.tenant.get("/v2/images/" + imageId), HttpStatus.OK);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> error(WebTestClient.ResponseSpec response, HttpStatus expected) {
		return (Map<String, Object>) this.tenant.json(response, expected).get("error");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> errorOf(WebTestClient.ResponseSpec response, HttpStatus expected) {
		return (Map<String, Object>) response.expectStatus().isEqualTo(expected).expectBody(JSON).returnResult()
			.getResponseBody().get("error");
	}

	/** A raw disk of {@link #DISK} bytes: an MBR signature and random data, which no conversion makes smaller. */
	private static Path disk() {
		Path disk = sources.resolve("disk.raw");
		if (!Files.exists(disk)) {
			byte[] bytes = new byte[DISK];
			ThreadLocalRandom.current().nextBytes(bytes);
			bytes[510] = 0x55;
			bytes[511] = (byte) 0xAA;
			try {
				Files.write(disk, bytes);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return disk;
	}

	private static void assertNothingStoredFor(String imageId) {
		Path store = TestStack.get().dataDir().resolve("images");
		assertThat(store.resolve("objects/" + imageId)).doesNotExist();
		assertThat(namesIn(store.resolve("staging"))).noneMatch((name) -> name.contains(imageId));
		assertThat(namesIn(store.resolve("work"))).noneMatch((name) -> name.contains(imageId));
	}

	private static List<String> namesIn(Path directory) {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
