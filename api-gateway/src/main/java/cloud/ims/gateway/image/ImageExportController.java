package cloud.ims.gateway.image;

import java.net.URI;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import cloud.ims.gateway.security.Caller;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Huawei's ExportImage (202 with the job), and the download of an export kept in the image store: streamed, with
 * {@code Range}, its SHA-256 as the strong {@code ETag} and as {@code Repr-Digest} (RFC 9530).
 */
@RestController
class ImageExportController {

	private final ImageExports exports;

	ImageExportController(ImageExports exports) {
		this.exports = exports;
	}

	@PostMapping(path = "/v1/cloudimages/{imageId}/file", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Map<String, Object>>> export(Caller caller, @PathVariable String imageId,
			@RequestBody ExportImageRequest request) {
		return this.exports.export(caller, imageId, request)
			.map((jobId) -> ResponseEntity.accepted()
				.location(URI.create("/v1/" + caller.projectId() + "/jobs/" + jobId.value()))
				.body(Map.of("job_id", jobId.value())));
	}

	@GetMapping("/v1/cloudimages/{imageId}/exports/{jobId}")
	Mono<ResponseEntity<Resource>> download(Caller caller, @PathVariable String imageId, @PathVariable String jobId) {
		return this.exports.download(caller, imageId, jobId).map((download) -> ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.eTag("\"" + download.sha256() + "\"")
			.header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(
					HexFormat.of().parseHex(download.sha256())) + ":")
			.header(HttpHeaders.ACCEPT_RANGES, "bytes")
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(download.fileName()).build().toString())
			.body(new FileSystemResource(download.file().path())));
	}

}
