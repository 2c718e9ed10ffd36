package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import cloud.ims.core.image.Image;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.FluxExchangeResult;

import static cloud.ims.standalone.e2e.ImportedImages.entities;
import static cloud.ims.standalone.e2e.ImportedImages.storedFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Huawei's ExportImage, end to end with the real qemu-img: an active image converted to each format with its content
 * intact (qemu-img compare against the disk that was imported), kept in the image store and downloaded whole or by
 * range with its SHA-256, or PUT over HTTPS to a pre-signed URL; a quick export hands out the stored file itself;
 * exports go when their retention time is over. Refused exports change nothing.
 */
class ImageExportIT {

	@TempDir
	static Path directory;

	@TempDir
	Path downloads;

	private static ImportedImages imported;

	private static FileServer bucket;

	private static Path received;

	private final Tenant tenant = Tenant.newProject();

	@BeforeAll
	static void serve() throws IOException {
		imported = new ImportedImages(directory);
		received = Files.createDirectories(directory.resolve("bucket"));
		Path tls = TestStack.get().dataDir().resolve("tls");
		bucket = FileServer.startHttps(tls.resolve("server.crt"), tls.resolve("server.key"))
			.receive("/bucket/", received)
			.status("/expired/", 403);
	}

	@AfterAll
	static void stopServing() {
		bucket.close();
		imported.close();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "qcow2,qcow2", "vmdk,vmdk", "vhd,vpc", "raw,raw" })
	void exportsAnImageInEachFormatWithItsContentAndDigest(String format, String qemuFormat) throws IOException {
		String image = imported.activeImage(this.tenant, "export-" + format);

		Map<String, Object> job = awaitSuccess(export(image, "{\"file_format\":\"" + format + "\"}"));

		Map<String, Object> entities = entities(job);
		assertThat(job).containsEntry("job_type", "imsExportImageJob");
		assertThat(entities).containsEntry("image_id", image)
			.containsEntry("file_format", format)
			.containsEntry("process_percent", 1.0)
			.containsEntry("file_name", image + "." + format)
			.containsEntry("export_path", "/v1/cloudimages/" + image + "/exports/" + job.get("job_id"));
		assertThat(Instant.parse((String) entities.get("expires_at"))).isAfter(Instant.now());
		FluxExchangeResult<DataBuffer> download = this.tenant.get((String) entities.get("export_path"))
			.expectStatus().isOk().returnResult(DataBuffer.class);
		HttpHeaders headers = download.getResponseHeaders();
		byte[] bytes = ImportedImages.bytes(download);
		String sha256 = sha256(bytes);
		assertThat(entities).containsEntry("sha256", sha256).containsEntry("size", String.valueOf(bytes.length));
		assertThat(headers.getETag()).isEqualTo("\"" + sha256 + "\"");
		assertThat(headers.getFirst("Repr-Digest"))
			.isEqualTo("sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":");
		assertThat(headers.getContentDisposition().getFilename()).isEqualTo(image + "." + format);
		Path file = Files.write(this.downloads.resolve("export." + format), bytes);
		assertThat(DiskImages.info(file)).contains("\"format\": \"" + qemuFormat + "\"");
		assertThat(DiskImages.sameContent(file, qemuFormat, imported.source(), "raw"))
			.as("the %s export has the imported disk's content", format).isTrue();
		assertThat(namesIn(TestStack.get().dataDir().resolve("images/work")))
			.noneMatch((name) -> name.contains((String) job.get("job_id")));
	}

	@Test
	void servesAnExportByRange() {
		String image = imported.activeImage(this.tenant, "ranged");
		String path = (String) entities(awaitSuccess(export(image, "{\"file_format\":\"raw\"}"))).get("export_path");
		byte[] whole = ImportedImages.body(this.tenant.get(path));

		EntityExchangeResult<byte[]> part = this.tenant.http.get().uri(path).header("X-Auth-Token", this.tenant.token)
			.header(HttpHeaders.RANGE, "bytes=4096-8191").exchange()
			.expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT).expectBody(byte[].class).returnResult();
		byte[] tail = this.tenant.http.get().uri(path).header("X-Auth-Token", this.tenant.token)
			.header(HttpHeaders.RANGE, "bytes=-100").exchange()
			.expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT).expectBody(byte[].class).returnResult()
			.getResponseBody();

		assertThat(part.getResponseBody()).isEqualTo(Arrays.copyOfRange(whole, 4096, 8192));
		assertThat(part.getResponseHeaders().getFirst(HttpHeaders.CONTENT_RANGE))
			.isEqualTo("bytes 4096-8191/" + whole.length);
		assertThat(tail).isEqualTo(Arrays.copyOfRange(whole, whole.length - 100, whole.length));
	}

	@Test
	void quickExportHandsOutTheStoredFileItselfWithoutAConversion() throws IOException {
		String image = imported.activeImage(this.tenant, "quick");

		Map<String, Object> job = awaitSuccess(export(image, "{\"is_quick_export\":true}"));

		Map<String, Object> entities = entities(job);
		assertThat(entities).containsEntry("file_format", "vmdk")
			.containsEntry("sha256", this.tenant.json(this.tenant.get("/v2/images/" + image), HttpStatus.OK)
				.get("os_hash_value"));
		assertThat(ImportedImages.body(this.tenant.get((String) entities.get("export_path"))))
			.isEqualTo(Files.readAllBytes(storedFile(image)));
		Path exported = TestStack.get().dataDir().resolve("images/exports/" + job.get("job_id") + "/"
				+ entities.get("file_name"));
		assertThat(Files.isSameFile(exported, storedFile(image))).as("no copy").isTrue();
	}

	@Test
	void putsTheExportToAnHttpsUrlWithoutShowingItsQuery() throws IOException {
		String image = imported.activeImage(this.tenant, "to-bucket");
		String url = bucket.url("/bucket/" + image + ".qcow2") + "?X-Amz-Signature=secret-signature";

		Map<String, Object> entities = entities(
				awaitSuccess(export(image, "{\"file_format\":\"qcow2\",\"bucket_url\":\"" + url + "\"}")));

		Path put = received.resolve(image + ".qcow2");
		assertThat(DiskImages.sameContent(put, "qcow2", imported.source(), "raw")).isTrue();
		assertThat(entities).containsEntry("bucket_url", bucket.url("/bucket/" + image + ".qcow2"))
			.containsEntry("sha256", sha256(Files.readAllBytes(put)))
			.containsEntry("size", String.valueOf(Files.size(put)))
			.doesNotContainKey("export_path");
		assertThat(entities.toString()).doesNotContain("secret-signature");
		assertThat(bucket.received("/bucket/" + image + ".qcow2").getFirst("Content-Length"))
			.isEqualTo(String.valueOf(Files.size(put)));
	}

	@Test
	void failsAnExportTheDestinationRefusesAndRefusesDestinationsThatAreNotHttpsOrArePrivate() {
		String image = imported.activeImage(this.tenant, "refused-destination");

		Map<String, Object> job = this.tenant.awaitJob(export(image, "{\"file_format\":\"raw\",\"bucket_url\":\""
				+ bucket.url("/expired/disk.raw?sig=old") + "\"}"));

		assertThat(job).containsEntry("status", "FAIL").containsEntry("error_code", "IMG.0625");
		assertThat((String) job.get("fail_reason")).contains("HTTP 403").doesNotContain("sig=old");
		List<Object> jobs = exportJobs();
		IsolationIT.assertError(this.tenant.post(exportPath(image), "{\"file_format\":\"raw\",\"bucket_url\":\""
				+ bucket.url("/bucket/x").replace("https:", "http:") + "\"}"), HttpStatus.BAD_REQUEST, "IMG.0426");
		IsolationIT.assertError(this.tenant.post(exportPath(image),
				"{\"file_format\":\"raw\",\"bucket_url\":\"https://10.255.255.1/bucket/x\"}"), HttpStatus.BAD_REQUEST,
				"IMG.0426");
		IsolationIT.assertError(this.tenant.post(exportPath(image),
				"{\"file_format\":\"raw\",\"bucket_url\":\"my-bucket:disk.raw\"}"), HttpStatus.BAD_REQUEST, "IMG.0426");
		assertThat(exportJobs()).isEqualTo(jobs);
	}

	@Test
	void refusesExportsOfImagesNotActiveOrNotTheProjectsAndFormatsItDoesNotMakeChangingNothing() {
		String image = imported.activeImage(this.tenant, "refusals");
		String deactivated = imported.activeImage(this.tenant, "deactivated");
		this.tenant.post("/v2/images/" + deactivated + "/actions/deactivate", "").expectStatus().isNoContent();
		String queued = (String) this.tenant.json(this.tenant.post("/v2/images", "{\"name\":\"empty\"}"),
				HttpStatus.CREATED).get("id");
		Image gold = ImageFixture.anActivePublicImage("gold-" + this.tenant.projectId);
		Map<String, Object> before = this.tenant.json(this.tenant.get("/v2/images/" + deactivated), HttpStatus.OK);

		IsolationIT.assertError(this.tenant.post(exportPath(deactivated), "{\"file_format\":\"raw\"}"),
				HttpStatus.CONFLICT, "IMG.0622");
		IsolationIT.assertError(this.tenant.post(exportPath(queued), "{\"file_format\":\"raw\"}"), HttpStatus.CONFLICT,
				"IMG.0622");
		IsolationIT.assertError(this.tenant.post(exportPath(gold.id().value()), "{\"file_format\":\"raw\"}"),
				HttpStatus.FORBIDDEN, "IMG.0623");
		for (String body : List.of("{\"file_format\":\"zvhd\"}", "{\"file_format\":\"vdi\"}", "{}",
				"{\"file_format\":\"qcow2\",\"is_quick_export\":true}")) {
			IsolationIT.assertError(this.tenant.post(exportPath(image), body), HttpStatus.BAD_REQUEST, "IMG.0620");
		}
		IsolationIT.assertError(this.tenant.post(exportPath(image), "{\"file_format\":\"raw\",\"colour\":1}"),
				HttpStatus.BAD_REQUEST, "IMG.0001");

		assertThat(this.tenant.json(this.tenant.get("/v2/images/" + deactivated), HttpStatus.OK)).isEqualTo(before);
		assertThat(exportJobs()).isEmpty();
	}

	@Test
	void keepsAnExportForItsProjectOnlyAndUntilItsRetentionTimeEnds() {
		String image = imported.activeImage(this.tenant, "expiring");
		Map<String, Object> job = awaitSuccess(export(image, "{\"file_format\":\"qcow2\"}"));
		String path = (String) entities(job).get("export_path");
		Path kept = TestStack.get().dataDir().resolve("images/exports/" + job.get("job_id"));
		this.tenant.get(path).expectStatus().isOk();

		IsolationIT.assertError(Tenant.newProject().get(path), HttpStatus.NOT_FOUND, "IMG.0626");
		IsolationIT.assertError(this.tenant.get("/v1/cloudimages/" + imported.activeImage(this.tenant, "other")
				+ "/exports/" + job.get("job_id")), HttpStatus.NOT_FOUND, "IMG.0626");
		this.tenant.get(path).expectStatus().isOk();

		// The test stack keeps exports for 30 s and sweeps every second.
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(kept).doesNotExist());
		IsolationIT.assertError(this.tenant.get(path), HttpStatus.NOT_FOUND, "IMG.0626");
	}

	private String export(String image, String body) {
		return (String) this.tenant.json(this.tenant.post(exportPath(image), body), HttpStatus.ACCEPTED).get("job_id");
	}

	private static String exportPath(String image) {
		return "/v1/cloudimages/" + image + "/file";
	}

	private Map<String, Object> awaitSuccess(String jobId) {
		Map<String, Object> job = this.tenant.awaitJob(jobId);
		assertThat(job).as("job %s", job).containsEntry("status", "SUCCESS");
		return job;
	}

	@SuppressWarnings("unchecked")
	private List<Object> exportJobs() {
		return (List<Object>) this.tenant.json(
				this.tenant.get("/v1/" + this.tenant.projectId + "/jobs?job_type=imsExportImageJob"), HttpStatus.OK)
			.get("jobs");
	}

	private static List<String> namesIn(Path directory) {
		try (var files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
