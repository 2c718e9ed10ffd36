package cloud.ims.gateway.image;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.Images;
import cloud.ims.gateway.security.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Images in Huawei IMS's dialect: list and create (a job).
 */
@RestController
class CloudImageController {

	static final Set<String> FILTERS = Set.of("__imagetype", "visibility", "name", "status", "__os_type",
			"__platform", "disk_format", "owner", "tag", "id");

	private final Images images;

	private final ImageCapture capture;

	CloudImageController(Images images, ImageCapture capture) {
		this.images = images;
		this.capture = capture;
	}

	@GetMapping("/v2/cloudimages")
	Mono<Map<String, Object>> list(Caller caller, @RequestParam MultiValueMap<String, String> parameters) {
		ImageQuery query = ImageListing.parse(caller, parameters, FILTERS);
		return this.images.list(query).collectList().map((page) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("images", page.stream().map((image) -> ImageView.huawei(image, false)).toList());
			if (page.size() == query.limit()) {
				body.put("next", next("/v2/cloudimages", parameters, page));
			}
			return body;
		});
	}

	@PostMapping("/v2/cloudimages/action")
	Mono<ResponseEntity<Map<String, Object>>> create(Caller caller, @RequestBody CreateImageRequest request) {
		return this.capture.accept(caller, request)
			.map((jobId) -> ResponseEntity.accepted()
				.location(URI.create("/v1/" + caller.projectId() + "/jobs/" + jobId.value()))
				.body(Map.of("job_id", jobId.value())));
	}

	static String next(String path, MultiValueMap<String, String> parameters, List<Image> page) {
		StringBuilder next = new StringBuilder(path).append("?marker=").append(page.get(page.size() - 1).id().value());
		parameters.forEach((name, values) -> {
			if (!name.equals("marker")) {
				values.forEach((value) -> next.append('&').append(name).append('=')
					.append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
			}
		});
		return next.toString();
	}

}
