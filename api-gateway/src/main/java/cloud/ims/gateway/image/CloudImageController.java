package cloud.ims.gateway.image;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.job.JobId;
import cloud.ims.gateway.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Images in Huawei IMS's dialect: list, create (a job) and update.
 */
@RestController
class CloudImageController {

	private final ImageCatalogue catalogue;

	private final ImageCapture capture;

	private final ImageImports imports;

	private final ImageEditing editing;

	CloudImageController(ImageCatalogue catalogue, ImageCapture capture, ImageImports imports, ImageEditing editing) {
		this.catalogue = catalogue;
		this.capture = capture;
		this.imports = imports;
		this.editing = editing;
	}

	@GetMapping("/v2/cloudimages")
	Mono<Map<String, Object>> list(Caller caller, @RequestParam MultiValueMap<String, String> parameters) {
		return this.catalogue.list(caller, parameters, ImageFilters.Dialect.HUAWEI).map((page) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("images",
					page.images().stream().map((image) -> ImageView.huawei(image, page.frequentlyUsed(image), caller.projectId()))
						.toList());
			if (page.isFull()) {
				body.put("next", next("/v2/cloudimages", parameters, page.images()));
			}
			return body;
		});
	}

	@PostMapping("/v2/cloudimages/action")
	Mono<ResponseEntity<Map<String, Object>>> create(Caller caller, @RequestBody CreateImageRequest request) {
		request.requireKnownFields();
		request.refuseUnsupportedFeatures();
		Mono<JobId> accepted;
		if (request.imageUrl() != null) {
			accepted = this.imports.fromUrl(caller, request.urlImport(caller.isAdmin()));
		}
		else if (request.instanceId() != null && !request.instanceId().isBlank()) {
			accepted = this.capture.accept(caller, request.draft(caller.isAdmin()), request.instanceId());
		}
		else {
			throw new ImsException(Kind.INVALID, "IMG.0001",
					"Give instance_id (the ECS to capture) or image_url (a file to import).");
		}
		return accepted.map((jobId) -> ResponseEntity.accepted()
				.location(URI.create("/v1/" + caller.projectId() + "/jobs/" + jobId.value()))
				.body(Map.of("job_id", jobId.value())));
	}

	@PatchMapping(path = "/v2/cloudimages/{imageId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<Map<String, Object>> update(Caller caller, @PathVariable String imageId,
			@RequestBody List<PatchOperation> operations) {
		return this.editing.patchActive(caller, imageId, operations)
			.flatMap((image) -> this.catalogue.isFrequentlyUsed(caller, image.id())
				.map((frequentlyUsed) -> ImageView.huawei(image, frequentlyUsed)));
	}

	/** The link to the next page: the same parameters, with the last image as the marker. */
	static String next(String path, MultiValueMap<String, String> parameters, List<Image> page) {
		StringBuilder next = new StringBuilder(path).append("?marker=").append(page.get(page.size() - 1).id().value());
		parameters.forEach((name, values) -> {
			if (!name.equals("marker")) {
				values.forEach((value) -> next.append('&')
					.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
					.append('=')
					.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
			}
		});
		return next.toString();
	}

}
