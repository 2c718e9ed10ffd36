package cloud.ims.gateway.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.common.Ids;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.Images;
import cloud.ims.gateway.security.Caller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Images in OpenStack Glance v2's dialect, so that glance and openstack clients work unchanged.
 */
@RestController
class GlanceImageController {

	private static final Set<String> FILTERS = Set.of("name", "visibility", "status", "owner", "tag", "id");

	private final Images images;

	GlanceImageController(Images images) {
		this.images = images;
	}

	@GetMapping("/")
	Map<String, Object> versions() {
		return Map.of("versions", List.of(Map.of("id", "v2.9", "status", "CURRENT", "links",
				List.of(Map.of("rel", "self", "href", "/v2/")))));
	}

	@GetMapping("/v2/images")
	Mono<Map<String, Object>> list(Caller caller, @RequestParam MultiValueMap<String, String> parameters) {
		ImageQuery query = ImageListing.parse(caller, parameters, FILTERS);
		return this.images.list(query).collectList().map((page) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("images", page.stream().map((image) -> ImageView.glance(image, false)).toList());
			body.put("first", "/v2/images");
			body.put("schema", "/v2/schemas/images");
			if (page.size() == query.limit()) {
				body.put("next", CloudImageController.next("/v2/images", parameters, page));
			}
			return body;
		});
	}

	@GetMapping("/v2/images/{imageId}")
	Mono<Map<String, Object>> show(Caller caller, @PathVariable String imageId) {
		Mono<Map<String, Object>> missing = Mono.error(() -> new ImsException(Kind.NOT_FOUND, "IMG.0027",
				"Image " + imageId + " does not exist. Check the id with GET /v2/images."));
		if (!Ids.isWellFormed(imageId)) {
			return missing;
		}
		return this.images.findVisible(new ImageId(imageId), caller.projectId())
			.map((image) -> ImageView.glance(image, false))
			.switchIfEmpty(missing);
	}

}
