package cloud.ims.gateway.image;

import java.net.URI;
import java.util.Map;

import cloud.ims.gateway.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Huawei's CopyImageInRegion: 202 with the job that makes the copy.
 */
@RestController
class ImageCopyController {

	private final ImageCopies copies;

	ImageCopyController(ImageCopies copies) {
		this.copies = copies;
	}

	@PostMapping(path = "/v1/cloudimages/{imageId}/copy", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Map<String, Object>>> copy(Caller caller, @PathVariable String imageId,
			@RequestBody CopyImageRequest request) {
		return this.copies.copy(caller, imageId, request)
			.map((jobId) -> ResponseEntity.accepted()
				.location(URI.create("/v1/" + caller.projectId() + "/jobs/" + jobId.value()))
				.body(Map.of("job_id", jobId.value())));
	}

}
