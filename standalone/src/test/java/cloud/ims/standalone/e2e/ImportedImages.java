package cloud.ims.standalone.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images with real data for the tests that work on what an image holds: a raw disk made in the test's directory,
 * served by a {@link FileServer} and imported through the API as the tenant, so that its data is the platform's
 * streamOptimized VMDK as a real import leaves it.
 */
final class ImportedImages implements AutoCloseable {

	private final DiskImages disks;

	private final FileServer server;

	ImportedImages(Path directory) {
		this.disks = new DiskImages(directory);
		this.server = FileServer.start().file("/disk.raw", this.disks.raw());
	}

	/** The raw disk every imported image holds. */
	Path source() {
		return this.disks.raw();
	}

	/** Imports the disk as a private image of the tenant and answers its id once it is active. */
	String activeImage(Tenant tenant, String name) {
		Map<String, Object> accepted = tenant.json(tenant.post("/v2/cloudimages/action", """
				{"name":"%s","image_url":"%s","min_disk":1,"disk_format":"raw"}"""
			.formatted(name, this.server.url("/disk.raw"))), HttpStatus.ACCEPTED);
		Map<String, Object> job = tenant.awaitJob((String) accepted.get("job_id"));
		assertThat(job).as("import %s", job).containsEntry("status", "SUCCESS");
		return (String) entities(job).get("image_id");
	}

	/** The body of a successful download, however large. */
	static byte[] body(WebTestClient.ResponseSpec response) {
		return bytes(response.expectStatus().is2xxSuccessful().returnResult(DataBuffer.class));
	}

	/** The whole body of a response read as buffers, however large. */
	static byte[] bytes(FluxExchangeResult<DataBuffer> result) {
		return DataBufferUtils.join(result.getResponseBody())
			.map((joined) -> {
				byte[] bytes = new byte[joined.readableByteCount()];
				joined.read(bytes);
				DataBufferUtils.release(joined);
				return bytes;
			})
			.block(Duration.ofSeconds(60));
	}

	/** A user with the admin role in the tenant's project. */
	static WebTestClient.ResponseSpec getAsAdmin(Tenant tenant, String path) {
		TestStack stack = TestStack.get();
		return stack.client().get().uri(path)
			.header("X-Auth-Token", stack.token(tenant.projectId, "root-" + tenant.projectId, true))
			.exchange();
	}

	/** The file the image store keeps for the image. */
	static Path storedFile(String imageId) {
		return TestStack.get().dataDir().resolve("images/objects/" + imageId);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> entities(Map<String, Object> job) {
		return (Map<String, Object>) job.get("entities");
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> images(Map<String, Object> list) {
		return (List<Map<String, Object>>) list.get("images");
	}

	@Override
	public void close() {
		this.server.close();
	}

}
