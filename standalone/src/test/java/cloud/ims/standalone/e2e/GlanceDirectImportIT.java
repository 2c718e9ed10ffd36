package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.StagedData;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.messages.ImportImage;
import cloud.ims.messages.ImportSource;
import cloud.ims.messages.MessageContext;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Glance's glance-direct import: {@code PUT /v2/images/{id}/stage} stores the data (the image goes {@code uploading}
 * and waits there, whatever the watchdog's timeouts, until its import or its deletion), then
 * {@code POST /v2/images/{id}/import} hands it to the image-worker ({@code importing}, then {@code active}, or
 * {@code killed} when the bytes are not the declared format). Driven by the real {@code glance} client and over HTTP.
 */
class GlanceDirectImportIT {

	@TempDir
	static Path home;

	@TempDir
	static Path sources;

	private static DiskImages disks;

	private final Tenant tenant = Tenant.newProject();

	@BeforeAll
	static void makeDisks() {
		disks = new DiskImages(sources);
	}

	@Test
	void glanceCreatesAnImageViaAGlanceDirectImport() {
		OpenStackCli cli = glance(this.tenant);
		Path qcow2 = disks.qcow2();

		OpenStackCli.Output created = cli.glanceWithoutInput("image-create-via-import", "--disk-format", "qcow2",
				"--container-format", "bare", "--import-method", "glance-direct", "--file", qcow2.toString(), "--name",
				"glance-direct");

		assertThat(created.exitCode()).as("%s", created).isZero();
		String imageId = created.properties().get("id");
		Map<String, Object> active = awaitStatus(imageId, "active");
		Path stored = storedFile(imageId);
		assertThat(active).containsEntry("name", "glance-direct")
			.containsEntry("checksum", md5(stored))
			.containsEntry("os_hash_value", sha256(stored));
		assertThat(((Number) active.get("size")).longValue()).isEqualTo(stored.toFile().length());
		assertThat(DiskImages.sameContent(stored, "vmdk", qcow2, "qcow2")).as("the stored image has the staged content")
			.isTrue();
		assertThat(cli.glance("image-show", imageId).properties()).containsEntry("status", "active")
			.containsEntry("checksum", md5(stored));
		assertThat(importJobOf(imageId)).containsEntry("status", "SUCCESS");
		assertNothingStagedFor(imageId);
	}

	@Test
	void glanceDirectImportOfBytesThatAreNotTheDeclaredFormatKillsTheImage() {
		int quotaBefore = this.tenant.imageQuotaUsed();

		OpenStackCli.Output created = glance(this.tenant).glanceWithoutInput("image-create-via-import",
				"--disk-format", "qcow2", "--container-format", "bare", "--import-method", "glance-direct", "--file",
				disks.raw().toString(), "--name", "not-qcow2");

		assertThat(created.exitCode()).as("%s", created).isZero();
		String imageId = created.properties().get("id");
		awaitStatus(imageId, "killed");
		Map<String, Object> job = importJobOf(imageId);
		assertThat(job).containsEntry("status", "FAIL").containsEntry("error_code", "IMG.0413");
		assertThat(storedFile(imageId)).doesNotExist();
		assertNothingStagedFor(imageId);
		assertThat(this.tenant.imageQuotaUsed()).as("the killed image gives its unit back").isEqualTo(quotaBefore);
	}

	@Test
	void stagedDataWaitsUploadingForItsImportLongerThanTheWatchdogWaitsForAStalledJob() throws IOException {
		String imageId = queuedImage("qcow2");
		assertThat(image(imageId)).containsEntry("status", "queued");

		String stageJob = stage(imageId, Files.readAllBytes(disks.qcow2())).expectStatus().isNoContent()
			.returnResult(Void.class).getResponseHeaders().getFirst("X-Job-Id");

		assertThat(this.tenant.awaitJob(stageJob)).containsEntry("status", "SUCCESS");
		assertThat(image(imageId)).containsEntry("status", "uploading");
		assertThat(stagedFilesOf(imageId)).hasSize(1);
		// The test stack's watchdog ends jobs that made no progress for 6 s; a staged image has none running.
		await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(image(imageId)).containsEntry("status", "uploading"));
		assertThat(stagedFilesOf(imageId)).hasSize(1);

		WebTestClient.ResponseSpec accepted = importGlanceDirect(imageId).expectStatus().isAccepted();
		String importJob = accepted.returnResult(Void.class).getResponseHeaders().getFirst("X-Job-Id");
		assertThat(importJob).isNotBlank().isNotEqualTo(stageJob);
		assertThat((String) image(imageId).get("status")).isIn("importing", "active");
		assertThat(this.tenant.awaitJob(importJob)).containsEntry("status", "SUCCESS");
		assertThat(image(imageId)).containsEntry("status", "active");
		assertNothingStagedFor(imageId);
	}

	@Test
	void refusesToImportAnImageWithNothingStagedAndToStageOneThatIsNotQueued() throws IOException {
		String imageId = queuedImage("qcow2");
		byte[] qcow2 = Files.readAllBytes(disks.qcow2());

		assertThat(errorCode(importGlanceDirect(imageId), HttpStatus.CONFLICT)).isEqualTo("IMG.0427");
		assertThat(image(imageId)).containsEntry("status", "queued");

		stage(imageId, qcow2).expectStatus().isNoContent();
		assertThat(errorCode(stage(imageId, qcow2), HttpStatus.CONFLICT)).isEqualTo("IMG.0092");
		assertThat(errorCode(this.tenant.http.put().uri("/v2/images/" + imageId + "/file")
			.header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(qcow2)
			.exchange(), HttpStatus.CONFLICT)).as("an upload over staged data").isEqualTo("IMG.0092");
		assertThat(image(imageId)).containsEntry("status", "uploading");
		assertThat(stagedFilesOf(imageId)).hasSize(1);

		String importJob = importGlanceDirect(imageId).expectStatus().isAccepted().returnResult(Void.class)
			.getResponseHeaders().getFirst("X-Job-Id");
		assertThat(this.tenant.awaitJob(importJob)).containsEntry("status", "SUCCESS");

		assertThat(errorCode(stage(imageId, qcow2), HttpStatus.CONFLICT)).isEqualTo("IMG.0092");
		assertThat(errorCode(importGlanceDirect(imageId), HttpStatus.CONFLICT)).isEqualTo("IMG.0427");
		Map<String, Object> active = image(imageId);
		assertThat(active).containsEntry("status", "active");
		assertThat(active.get("checksum")).isEqualTo(md5(storedFile(imageId)));
		assertNothingStagedFor(imageId);
	}

	@Test
	void deletingAStagedImageRemovesItsStagedDataAndGivesItsQuotaUnitBack() throws IOException {
		int quotaBefore = this.tenant.imageQuotaUsed();
		String imageId = queuedImage("qcow2");
		stage(imageId, Files.readAllBytes(disks.qcow2())).expectStatus().isNoContent();
		assertThat(stagedFilesOf(imageId)).hasSize(1);
		assertThat(this.tenant.imageQuotaUsed()).as("reserved from the create on").isEqualTo(quotaBefore + 1);

		this.tenant.http.delete().uri("/v2/images/" + imageId).header("X-Auth-Token", this.tenant.token).exchange()
			.expectStatus().isNoContent();

		this.tenant.get("/v2/images/" + imageId).expectStatus().isNotFound();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stagedFilesOf(imageId)).isEmpty());
		assertThat(this.tenant.imageQuotaUsed()).isEqualTo(quotaBefore);
		assertThat(errorCode(importGlanceDirect(imageId), HttpStatus.NOT_FOUND)).isEqualTo("IMG.0027");
	}

	@Test
	void killsTheImageWhoseStageEndsEarlyAndLeavesNothingStaged() throws Exception {
		int quotaBefore = this.tenant.imageQuotaUsed();
		String imageId = queuedImage("raw");
		byte[] head = Arrays.copyOf(Files.readAllBytes(disks.raw()), 64 * 1024);

		try (SSLSocket socket = trustingSocket()) {
			OutputStream out = socket.getOutputStream();
			out.write(("PUT /v2/images/" + imageId + "/stage HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: "
					+ this.tenant.token + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
					+ DiskImages.RAW_SIZE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(head);
			out.flush();
			await().atMost(Duration.ofSeconds(10)).until(() -> image(imageId).get("status"), "uploading"::equals);
		}

		Map<String, Object> stageJob = this.tenant.awaitJob(jobOf(imageId, "imsUploadImageJob"));
		assertThat(stageJob).containsEntry("status", "FAIL").containsEntry("error_code", "IMG.0425");
		assertThat(image(imageId)).containsEntry("status", "killed");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertNothingStagedFor(imageId));
		assertThat(this.tenant.imageQuotaUsed()).isEqualTo(quotaBefore);
		assertThat(errorCode(importGlanceDirect(imageId), HttpStatus.CONFLICT)).isEqualTo("IMG.0427");
	}

	@Test
	void importsStagedDataWhoseGatewayStoppedBeforeClaimingTheImageForTheImport() throws IOException {
		String imageId = queuedImage("qcow2");
		stage(imageId, Files.readAllBytes(disks.qcow2())).expectStatus().isNoContent();
		StagedData staged = TestStack.get().stack().gateway().getBean(Images.class).find(new ImageId(imageId)).block()
			.staged();
		assertThat(staged).isNotNull();
		JobId jobId = JobId.newId();
		Actor actor = new Actor(this.tenant.projectId, "alice-" + this.tenant.projectId, "req-glance-direct");
		ImportImage command = ImportImage.newBuilder()
			.setContext(MessageContext.newBuilder()
				.setMessageId(UUID.randomUUID().toString())
				.setJobId(jobId.value())
				.setOccurredAt(Instant.now())
				.setCorrelationId(actor.correlationId())
				.setProjectId(actor.projectId())
				.setUserId(actor.userId())
				.build())
			.setImageId(imageId)
			.setSource(ImportSource.UPLOAD)
			.setStagedFile(staged.file())
			.setStagedSize(staged.size())
			.setStagedSha256(staged.sha256())
			.setStagedMd5(staged.md5())
			.setDiskFormat("qcow2")
			.build();

		// Recorded as the gateway records it, which then stopped before it claimed the image for the job.
		TestStack.get().stack().gateway().getBean(Jobs.class)
			.insert(Job.accepted(jobId, JobType.IMPORT_IMAGE, actor, Map.of("image_id", imageId), List.of(),
					new OutboxMessage(Topics.IMAGE_COMMANDS, imageId, MessageCodec.standard().encode(command), false),
					Instant.now()))
			.block();

		assertThat(this.tenant.awaitJob(jobId.value())).containsEntry("status", "SUCCESS");
		assertThat(image(imageId)).containsEntry("status", "active").containsEntry("checksum",
				md5(storedFile(imageId)));
		assertThat(errorCode(importGlanceDirect(imageId), HttpStatus.CONFLICT)).isEqualTo("IMG.0427");
		assertNothingStagedFor(imageId);
	}

	@Test
	void namesGlanceDirectAmongTheImportMethods() {
		Map<String, Object> info = this.tenant.json(this.tenant.get("/v2/info/import"), HttpStatus.OK);
		@SuppressWarnings("unchecked")
		Map<String, Object> methods = (Map<String, Object>) info.get("import-methods");
		assertThat(methods.get("value")).isEqualTo(List.of("web-download", "glance-direct"));

		String header = this.tenant.post("/v2/images", "{\"name\":\"methods\"}")
			.expectStatus().isCreated()
			.returnResult(Void.class).getResponseHeaders().getFirst("OpenStack-image-import-methods");
		assertThat(header).isNotNull();
		assertThat(List.of(header.split(","))).containsExactlyInAnyOrder("web-download", "glance-direct");
	}

	private static OpenStackCli glance(Tenant tenant) {
		TestStack stack = TestStack.get();
		return new OpenStackCli(stack.baseUrl(), Accounts.member(tenant.projectId),
				stack.dataDir().resolve("tls/server.crt"), home);
	}

	private String queuedImage(String diskFormat) {
		Map<String, Object> created = this.tenant.json(this.tenant.post("/v2/images",
				"{\"name\":\"staged\",\"disk_format\":\"" + diskFormat + "\",\"container_format\":\"bare\"}"),
				HttpStatus.CREATED);
		return (String) created.get("id");
	}

	private WebTestClient.ResponseSpec stage(String imageId, byte[] bytes) {
		return this.tenant.http.put()
			.uri("/v2/images/" + imageId + "/stage")
			.header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes)
			.exchange();
	}

	private WebTestClient.ResponseSpec importGlanceDirect(String imageId) {
		return this.tenant.post("/v2/images/" + imageId + "/import", "{\"method\":{\"name\":\"glance-direct\"}}");
	}

	@SuppressWarnings("unchecked")
	private String errorCode(WebTestClient.ResponseSpec response, HttpStatus expected) {
		return (String) ((Map<String, Object>) this.tenant.json(response, expected).get("error")).get("code");
	}

	private Map<String, Object> image(String imageId) {
		return this.tenant.json(this.tenant.get("/v2/images/" + imageId), HttpStatus.OK);
	}

	private Map<String, Object> awaitStatus(String imageId, String status) {
		return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> image(imageId), (image) -> status.equals(image.get("status")));
	}

	/** The import's job, found by its image as a client that lost the {@code X-Job-Id} header would. */
	private Map<String, Object> importJobOf(String imageId) {
		return this.tenant.awaitJob(jobOf(imageId, "imsImportImageJob"));
	}

	@SuppressWarnings("unchecked")
	private String jobOf(String imageId, String type) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> ((List<Map<String, Object>>) this.tenant
			.json(this.tenant.get("/v1/" + this.tenant.projectId + "/jobs?job_type=" + type), HttpStatus.OK)
			.get("jobs")).stream()
			.filter((job) -> imageId.equals(ImportedImages.entities(job).get("image_id")))
			.map((job) -> (String) job.get("job_id"))
			.findFirst()
			.orElse(null), (id) -> id != null);
	}

	private static SSLSocket trustingSocket() throws Exception {
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(null, new TrustManager[] { new X509TrustManager() {

			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}

		} }, null);
		String port = TestStack.get().baseUrl().substring(TestStack.get().baseUrl().lastIndexOf(':') + 1);
		return (SSLSocket) tls.getSocketFactory().createSocket("localhost", Integer.parseInt(port));
	}

	private static void assertNothingStagedFor(String imageId) {
		Path store = TestStack.get().dataDir().resolve("images");
		assertThat(stagedFilesOf(imageId)).isEmpty();
		assertThat(namesIn(store.resolve("work"))).noneMatch((name) -> name.contains(imageId));
	}

	private static List<String> stagedFilesOf(String imageId) {
		return namesIn(TestStack.get().dataDir().resolve("images/staging")).stream()
			.filter((name) -> name.contains(imageId))
			.toList();
	}

	private static Path storedFile(String imageId) {
		return ImportedImages.storedFile(imageId);
	}

	private static List<String> namesIn(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String md5(Path file) {
		return digest("MD5", file);
	}

	private static String sha256(Path file) {
		return digest("SHA-256", file);
	}

	private static String digest(String algorithm, Path file) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
