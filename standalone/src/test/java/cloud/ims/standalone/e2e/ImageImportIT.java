package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Flow 3: images imported from external files, by URL (Huawei's {@code image_url}, Glance's web-download) and by
 * upload, made with the real qemu-img and served by a real HTTP server; and every kind of bad input, each ending in
 * its own error code, a killed image and no file left behind.
 */
class ImageImportIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path sources;

	private static DiskImages images;

	private static FileServer server;

	private final Tenant tenant = Tenant.newProject();

	@BeforeAll
	static void serveImages() throws IOException {
		images = new DiskImages(sources);
		Path large = Files.write(sources.resolve("large.raw"), new byte[5 * 1024 * 1024]);
		server = FileServer.start()
			.file("/disk.qcow2", images.qcow2())
			.file("/disk.vmdk", images.vmdk())
			.file("/stream.vmdk", images.streamOptimizedVmdk())
			.file("/cut-short.vmdk", images.streamOptimizedVmdkCutShort())
			.file("/disk.vhd", images.vhd())
			.file("/disk.raw", images.raw())
			.file("/cd.iso", images.iso())
			.file("/readme.txt", images.text())
			.file("/overlay.qcow2", images.qcow2WithBackingFile())
			.file("/data-file.qcow2", images.qcow2WithDataFile())
			.file("/external.vmdk", images.vmdkWithExternalExtent())
			.file("/huge-disk.qcow2", images.emptyQcow2("2G"))
			.file("/broken.qcow2", images.qcow2ThatCannotBeConverted())
			.file("/large.raw", large)
			.chunked("/large-chunked.raw", large)
			.status("/missing.qcow2", 404)
			.status("/failing.qcow2", 500)
			.stall("/stalling.raw", DiskImages.RAW_SIZE, 64 * 1024)
			.drip("/dripping.raw", 50, Duration.ofMillis(100))
			.closeEarly("/short.raw", DiskImages.RAW_SIZE, images.raw(), 64 * 1024)
			.redirectChain("/hops", "/disk.qcow2")
			.redirect("/to-private", "http://10.255.255.1/disk.raw");
		server.redirect("/to-loopback-address", "http://127.0.0.1:" + server.port() + "/disk.raw");
	}

	@AfterAll
	static void stopServing() {
		server.close();
	}

	static Stream<Arguments> diskImages() {
		return Stream.of(Arguments.of("/disk.qcow2", "qcow2", "qcow2"), Arguments.of("/disk.vmdk", "vmdk", null),
				Arguments.of("/disk.vhd", "vpc", "vhd"), Arguments.of("/disk.raw", "raw", null));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("diskImages")
	void importsADiskImageFromAUrlAsAStreamOptimizedVmdkWithTheSameContent(String path, String qemuFormat,
			String declared) {
		String jobId = importFromUrl(server.url(path), (declared != null) ? ",\"disk_format\":\"" + declared + "\"" : "");

		Map<String, Object> job = awaitSuccess(jobId);

		assertThat(job).containsEntry("job_type", "imsImportImageJob");
		assertThat(entities(job)).containsEntry("process_percent", 1.0);
		String imageId = imageIdOf(job);
		Map<String, Object> image = image(imageId);
		assertThat(image).containsEntry("__data_origin", "file," + server.url(path));
		assertThat(((Number) image.get("virtual_size")).longValue()).isEqualTo(virtualSize(sourceOf(path)));
		assertStoredAsVmdk(image, sourceOf(path), qemuFormat);
		assertNothingLeftOf(imageId, true);
	}

	@Test
	void importsAnIsoUnchanged() throws IOException {
		Map<String, Object> job = awaitSuccess(importFromUrl(server.url("/cd.iso"), ",\"disk_format\":\"iso\""));

		Map<String, Object> image = image(imageIdOf(job));
		Path stored = storedFile(imageIdOf(job));
		assertThat(image).containsEntry("status", "active")
			.containsEntry("disk_format", "iso")
			.containsEntry("checksum", md5(stored))
			.containsEntry("os_hash_value", sha256(stored));
		assertThat(Files.readAllBytes(stored)).isEqualTo(Files.readAllBytes(images.iso()));
		assertNothingLeftOf(imageIdOf(job), true);
	}

	@Test
	void keepsAStreamOptimizedVmdkByteForByte() throws IOException {
		Map<String, Object> job = awaitSuccess(importFromUrl(server.url("/stream.vmdk"), ",\"disk_format\":\"vmdk\""));

		String imageId = imageIdOf(job);
		Path source = images.streamOptimizedVmdk();
		assertThat(Files.readAllBytes(storedFile(imageId))).isEqualTo(Files.readAllBytes(source));
		assertThat(image(imageId)).containsEntry("status", "active")
			.containsEntry("disk_format", "vmdk")
			.containsEntry("checksum", md5(source))
			.containsEntry("os_hash_value", sha256(source));
		assertNothingLeftOf(imageId, true);
	}

	@Test
	void anUploadedStreamOptimizedVmdkKeepsTheChecksumOfTheBytesSent() throws IOException {
		String imageId = glanceImage("vmdk");
		byte[] bytes = Files.readAllBytes(images.streamOptimizedVmdk());

		String jobId = upload(imageId).contentLength(bytes.length)
			.bodyValue(bytes)
			.exchange()
			.expectStatus().isNoContent()
			.returnResult(Void.class).getResponseHeaders().getFirst("X-Job-Id");

		awaitSuccess(jobId);
		Map<String, Object> image = image(imageId);
		assertThat(image).containsEntry("status", "active").containsEntry("checksum", md5(images.streamOptimizedVmdk()));
		assertThat(((Number) image.get("size")).longValue()).isEqualTo(bytes.length);
		assertThat(Files.readAllBytes(storedFile(imageId))).isEqualTo(bytes);
	}

	@Test
	void failsWhenAStreamOptimizedVmdkIsCutShort() {
		assertFailed(importFromUrl(server.url("/cut-short.vmdk"), ""), "IMG.0416");
	}

	@Test
	void acceptsAFileWhoseSha256IsTheExpectedOne() throws IOException {
		String sha256 = sha256(images.qcow2());

		Map<String, Object> job = awaitSuccess(
				importFromUrl(server.url("/disk.qcow2"), ",\"__expected_sha256\":\"" + sha256.toUpperCase() + "\""));

		assertStoredAsVmdk(image(imageIdOf(job)), images.qcow2(), "qcow2");
	}

	@Test
	void followsABoundedNumberOfRedirects() {
		Map<String, Object> job = awaitSuccess(importFromUrl(server.url("/hops/3"), ""));

		assertStoredAsVmdk(image(imageIdOf(job)), images.qcow2(), "qcow2");
	}

	@Test
	void importsThroughGlancesWebDownload() {
		this.tenant.get("/v2/info/import").expectStatus().isOk().expectBody()
			.jsonPath("$['import-methods'].value[0]").isEqualTo("web-download");
		String imageId = glanceImage("vmdk");

		String jobId = this.tenant.post("/v2/images/" + imageId + "/import",
				"{\"method\":{\"name\":\"web-download\",\"uri\":\"" + server.url("/disk.vmdk") + "\"}}")
			.expectStatus().isAccepted()
			.returnResult(Void.class).getResponseHeaders().getFirst("X-Job-Id");

		assertThat(imageIdOf(awaitSuccess(jobId))).isEqualTo(imageId);
		assertStoredAsVmdk(image(imageId), images.vmdk(), "vmdk");
	}

	@Test
	void storesAnUploadWithAContentLength() throws IOException {
		String imageId = glanceImage("qcow2");

		String jobId = upload(imageId).contentLength(Files.size(images.qcow2()))
			.bodyValue(Files.readAllBytes(images.qcow2()))
			.exchange()
			.expectStatus().isNoContent()
			.returnResult(Void.class).getResponseHeaders().getFirst("X-Job-Id");

		assertThat(awaitSuccess(jobId)).containsEntry("job_type", "imsUploadImageJob");
		assertStoredAsVmdk(image(imageId), images.qcow2(), "qcow2");
		assertThat(image(imageId)).containsEntry("__data_origin", "upload");
		assertNothingLeftOf(imageId, true);
	}

	@Test
	void storesAChunkedUpload() throws IOException {
		String imageId = glanceImage(null);
		byte[] bytes = Files.readAllBytes(images.vhd());
		Flux<DataBuffer> chunks = Flux.range(0, (bytes.length + 65535) / 65536)
			.map((i) -> DefaultDataBufferFactory.sharedInstance
				.wrap(Arrays.copyOfRange(bytes, i * 65536, Math.min(bytes.length, (i + 1) * 65536))));

		String jobId = upload(imageId).body(chunks, DataBuffer.class)
			.exchange()
			.expectStatus().isNoContent()
			.returnResult(Void.class).getResponseHeaders().getFirst("X-Job-Id");

		awaitSuccess(jobId);
		assertStoredAsVmdk(image(imageId), images.vhd(), "vpc");
	}

	@Test
	void servesTheStoredDataWithItsMd5AndByRange() throws IOException {
		String imageId = imageIdOf(awaitSuccess(importFromUrl(server.url("/disk.raw"), "")));
		byte[] stored = Files.readAllBytes(storedFile(imageId));

		WebTestClient client = this.tenant.http.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(DiskImages.RAW_SIZE * 4))
			.build();

		client.get().uri("/v2/images/" + imageId + "/file")
			.header("X-Auth-Token", this.tenant.token)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("Content-MD5", md5(storedFile(imageId)))
			.expectBody(byte[].class).isEqualTo(stored);
		client.get().uri("/v2/images/" + imageId + "/file")
			.header("X-Auth-Token", this.tenant.token)
			.header(HttpHeaders.RANGE, "bytes=100-1123")
			.exchange()
			.expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
			.expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 100-1123/" + stored.length)
			.expectBody(byte[].class).isEqualTo(Arrays.copyOfRange(stored, 100, 1124));
	}

	@Test
	void failsWhenTheHostIsUnreachable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}

		assertFailed(importFromUrl("http://localhost:" + closedPort + "/disk.qcow2", ""), "IMG.0420");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/missing.qcow2", "/failing.qcow2" })
	void failsWhenTheSourceAnswersAnHttpError(String path) {
		Map<String, Object> job = assertFailed(importFromUrl(server.url(path), ""), "IMG.0421");

		assertThat((String) job.get("fail_reason")).contains(path.contains("missing") ? "404" : "500");
	}

	@Test
	void failsWhenTheSourceRedirectsTooOften() {
		assertFailed(importFromUrl(server.url("/hops/9"), ""), "IMG.0421");
	}

	@Test
	void failsWhenTheSourceStalls() {
		assertFailed(importFromUrl(server.url("/stalling.raw"), ""), "IMG.0422");
	}

	@Test
	void failsWhenTheDownloadTakesLongerThanTheTimeLimitWhileReportingProgress() {
		String jobId = importFromUrl(server.url("/dripping.raw"), "");

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> job(jobId),
				(job) -> "RUNNING".equals(job.get("status"))
						&& ((Number) entities(job).get("process_percent")).doubleValue() > 0);
		assertFailed(jobId, "IMG.0423");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/large.raw", "/large-chunked.raw" })
	void failsWhenTheFileIsLargerThanTheMaximum(String path) {
		assertFailed(importFromUrl(server.url(path), ",\"disk_format\":\"raw\""), "IMG.0424");
	}

	@Test
	void failsWhenTheFileIsNoDiskImage() {
		assertFailed(importFromUrl(server.url("/readme.txt"), ""), "IMG.0412");
	}

	@Test
	void failsWhenTheDeclaredFormatDiffersFromTheRealOne() {
		Map<String, Object> job = assertFailed(importFromUrl(server.url("/disk.qcow2"), ",\"disk_format\":\"vhd\""),
				"IMG.0413");

		assertThat((String) job.get("fail_reason")).contains("qcow2");
	}

	@Test
	void failsWhenTheVirtualSizeExceedsMinDisk() {
		assertFailed(importFromUrl(server.url("/huge-disk.qcow2"), ""), "IMG.0415");
	}

	@Test
	void failsWhenTheSha256DiffersFromTheExpectedOne() {
		assertFailed(importFromUrl(server.url("/disk.qcow2"), ",\"__expected_sha256\":\"" + "0".repeat(64) + "\""),
				"IMG.0414");
	}

	@Test
	void failsWhenTheSourceClosesBeforeTheWholeFile() {
		assertFailed(importFromUrl(server.url("/short.raw"), ""), "IMG.0425");
	}

	@Test
	void failsWhenTheConversionFails() {
		assertFailed(importFromUrl(server.url("/broken.qcow2"), ""), "IMG.0411");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/overlay.qcow2", "/data-file.qcow2", "/external.vmdk" })
	void refusesAnImageThatReferencesOtherFiles(String path) {
		assertFailed(importFromUrl(server.url(path), ""), "IMG.0410");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/to-private", "/to-loopback-address" })
	void refusesARedirectToAnInternalAddress(String path) {
		assertFailed(importFromUrl(server.url(path), ""), "IMG.0426");
	}

	@Test
	void refusesAHostNameThatResolvesToAnInternalAddress() throws UnknownHostException {
		String host = InetAddress.getLocalHost().getHostName();
		InetAddress address = InetAddress.getByName(host);
		assumeTrue(!host.equalsIgnoreCase("localhost") && (address.isLoopbackAddress() || address.isSiteLocalAddress()
				|| address.isLinkLocalAddress()), "this machine's name resolves to an internal address");

		assertFailed(importFromUrl("http://" + host + ":" + server.port() + "/disk.raw", ""), "IMG.0426");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.8/disk.raw", "http://169.254.169.254/latest/meta-data",
			"http://192.168.1.1/disk.raw", "http://127.0.0.1/disk.raw", "http://[::1]/disk.raw",
			"http://[fd00::1]/disk.raw" })
	void refusesALiteralInternalAddressUpFront(String url) {
		IsolationIT.assertError(this.tenant.post("/v2/cloudimages/action",
				"{\"name\":\"internal\",\"image_url\":\"" + url + "\",\"min_disk\":1}"), HttpStatus.BAD_REQUEST,
				"IMG.0426");
		IsolationIT.assertError(this.tenant.post("/v2/images/" + glanceImage(null) + "/import",
				"{\"method\":{\"name\":\"web-download\",\"uri\":\"" + url + "\"}}"), HttpStatus.BAD_REQUEST, "IMG.0426");
	}

	@Test
	void failsWhenAnUploadEndsEarly() throws Exception {
		String imageId = glanceImage("raw");
		byte[] head = Arrays.copyOf(Files.readAllBytes(images.raw()), 64 * 1024);

		try (SSLSocket socket = trustingSocket()) {
			OutputStream out = socket.getOutputStream();
			out.write(("PUT /v2/images/" + imageId + "/file HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: "
					+ this.tenant.token + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
					+ DiskImages.RAW_SIZE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(head);
			out.flush();
			await().atMost(Duration.ofSeconds(10)).until(() -> image(imageId).get("status"), "saving"::equals);
		}

		assertFailed(uploadJobOf(imageId), "IMG.0425");
	}

	@Test
	void reportsTheProgressOfASlowChunkedUploadThatOutlastsTheWatchdogsStallTimeout() throws Exception {
		String imageId = glanceImage("raw");
		byte[] bytes = Files.readAllBytes(images.raw());
		int chunk = 64 * 1024;
		// 16 chunks over about 10 s, longer than the 6 s without progress after which the test stack's watchdog acts.
		Flux<DataBuffer> slowChunks = Flux.range(0, bytes.length / chunk)
			.delayElements(Duration.ofMillis(600))
			.map((i) -> DefaultDataBufferFactory.sharedInstance
				.wrap(Arrays.copyOfRange(bytes, i * chunk, (i + 1) * chunk)));

		CompletableFuture<String> uploaded = CompletableFuture.supplyAsync(() -> upload(imageId)
			.body(slowChunks, DataBuffer.class)
			.exchange()
			.expectStatus().isNoContent()
			.returnResult(Void.class).getResponseHeaders().getFirst("X-Job-Id"));
		String jobId = uploadJobOf(imageId);
		Map<String, Object> moving = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
			.until(() -> job(jobId), (job) -> percent(job) > 0);
		assertThat(uploaded).as("the upload is still under way").isNotDone();
		Map<String, Object> further = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
			.until(() -> job(jobId), (job) -> percent(job) > percent(moving));
		assertThat(uploaded).as("the upload is still under way").isNotDone();

		assertThat(further).containsEntry("status", "RUNNING");
		assertThat(percent(further)).isLessThan(0.6);
		assertThat(uploaded.get(30, TimeUnit.SECONDS)).isEqualTo(jobId);
		assertThat(entities(awaitSuccess(jobId))).containsEntry("process_percent", 1.0);
		assertStoredAsVmdk(image(imageId), images.raw(), "raw");
		assertNothingLeftOf(imageId, true);
	}

	@Test
	void endsAnUploadWhoseClientStopsSendingWithAReasonAndLeavesNothingBehind() throws Exception {
		String imageId = glanceImage("raw");
		byte[] head = Arrays.copyOf(Files.readAllBytes(images.raw()), 64 * 1024);
		String jobId;
		String answer;

		try (SSLSocket socket = trustingSocket()) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("PUT /v2/images/" + imageId + "/file HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: "
					+ this.tenant.token + "\r\nContent-Type: application/octet-stream\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(head.length) + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(head);
			out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			jobId = uploadJobOf(imageId);
			assertThat(this.tenant.awaitJob(jobId)).containsEntry("error_code", "IMS.0408");
			answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
		}

		assertThat(answer).as("the gateway answers the stopped upload").isEqualTo("HTTP/1.1 409");
		assertThat((String) assertFailed(jobId, "IMS.0408").get("fail_reason")).contains("received no data");
	}

	private static double percent(Map<String, Object> job) {
		return ((Number) entities(job).get("process_percent")).doubleValue();
	}

	@Test
	void refusesAnUploadLargerThanTheMaximum() {
		String imageId = glanceImage("raw");
		Flux<DataBuffer> chunks = Flux.range(0, 80)
			.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[64 * 1024]));

		IsolationIT.assertError(upload(imageId).body(chunks, DataBuffer.class).exchange(), HttpStatus.CONTENT_TOO_LARGE,
				"IMG.0424");

		assertFailed(uploadJobOf(imageId), "IMG.0424");
	}

	private String importFromUrl(String url, String moreFields) {
		Map<String, Object> accepted = this.tenant.json(this.tenant.post("/v2/cloudimages/action",
				"{\"name\":\"imported\",\"image_url\":\"" + url + "\",\"min_disk\":1" + moreFields + "}"),
				HttpStatus.ACCEPTED);
		return (String) accepted.get("job_id");
	}

	/** Creates a queued Glance image and answers its id. */
	private String glanceImage(String diskFormat) {
		Map<String, Object> created = this.tenant.json(this.tenant.post("/v2/images", "{\"name\":\"uploaded\""
				+ ((diskFormat != null) ? ",\"disk_format\":\"" + diskFormat + "\"" : "") + "}"), HttpStatus.CREATED);
		return (String) created.get("id");
	}

	private WebTestClient.RequestBodySpec upload(String imageId) {
		return this.tenant.http.put()
			.uri("/v2/images/" + imageId + "/file")
			.header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.APPLICATION_OCTET_STREAM);
	}

	@SuppressWarnings("unchecked")
	private String uploadJobOf(String imageId) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> ((List<Map<String, Object>>) this.tenant
			.json(this.tenant.get("/v1/" + this.tenant.projectId + "/jobs?job_type=imsUploadImageJob"), HttpStatus.OK)
			.get("jobs")).stream()
			.filter((job) -> imageId.equals(entities(job).get("image_id")))
			.map((job) -> (String) job.get("job_id"))
			.findFirst()
			.orElse(null), (jobId) -> jobId != null);
	}

	private Map<String, Object> awaitSuccess(String jobId) {
		Map<String, Object> job = this.tenant.awaitJob(jobId);
		assertThat(job).as("job %s", job).containsEntry("status", "SUCCESS");
		return job;
	}

	/** Asserts the job's failure and that nothing of its image is left: no object, no staging or work file. */
	private Map<String, Object> assertFailed(String jobId, String code) {
		Map<String, Object> job = this.tenant.awaitJob(jobId);
		assertThat(job).as("job %s", job).containsEntry("status", "FAIL").containsEntry("error_code", code);
		assertThat((String) job.get("fail_reason")).isNotBlank().doesNotContain(sources.toString());
		String imageId = imageIdOf(job);
		assertThat(image(imageId)).containsEntry("status", "killed");
		assertNothingLeftOf(imageId, false);
		return job;
	}

	private static void assertNothingLeftOf(String imageId, boolean stored) {
		Path store = TestStack.get().dataDir().resolve("images");
		assertThat(store.resolve("objects/" + imageId).toFile().exists()).isEqualTo(stored);
		assertThat(namesIn(store.resolve("staging"))).noneMatch((name) -> name.contains(imageId));
		assertThat(namesIn(store.resolve("work"))).noneMatch((name) -> name.contains(imageId));
	}

	private static void assertStoredAsVmdk(Map<String, Object> image, Path source, String sourceFormat) {
		Path stored = storedFile((String) image.get("id"));
		assertThat(image).containsEntry("status", "active")
			.containsEntry("disk_format", "vmdk")
			.containsEntry("checksum", md5(stored))
			.containsEntry("os_hash_algo", "sha256")
			.containsEntry("os_hash_value", sha256(stored));
		assertThat(((Number) image.get("size")).longValue()).isEqualTo(stored.toFile().length());
		JsonNode info = JSON.readTree(DiskImages.info(stored));
		assertThat(info.path("format").asString()).isEqualTo("vmdk");
		assertThat(info.path("format-specific").path("data").path("create-type").asString()).isEqualTo("streamOptimized");
		assertThat(DiskImages.sameContent(stored, "vmdk", source, sourceFormat))
			.as("the stored image has the content of %s", source.getFileName())
			.isTrue();
	}

	private Map<String, Object> job(String jobId) {
		return this.tenant.json(this.tenant.get("/v1/" + this.tenant.projectId + "/jobs/" + jobId), HttpStatus.OK);
	}

	private Map<String, Object> image(String imageId) {
		return this.tenant.json(this.tenant.get("/v2/images/" + imageId), HttpStatus.OK);
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

	private static Path sourceOf(String path) {
		return sources.resolve(path.substring(1));
	}

	private static long virtualSize(Path image) {
		return JSON.readTree(DiskImages.info(image)).path("virtual-size").asLong();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> entities(Map<String, Object> job) {
		return (Map<String, Object>) job.get("entities");
	}

	private static String imageIdOf(Map<String, Object> job) {
		return (String) entities(job).get("image_id");
	}

	private static Path storedFile(String imageId) {
		return TestStack.get().dataDir().resolve("images/objects/" + imageId);
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
