package cloud.ims.gateway.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.gateway.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Images in OpenStack Glance v2's dialect, so that glance and openstack clients work unchanged.
 */
@RestController
class GlanceImageController {

	static final String JSON_PATCH_V2_1 = "application/openstack-images-v2.1-json-patch";

	static final String JSON_PATCH_V2_0 = "application/openstack-images-v2.0-json-patch";

	private final ImageCatalogue catalogue;

	private final ImageEditing editing;

	private final ImageDeletion deletion;

	GlanceImageController(ImageCatalogue catalogue, ImageEditing editing, ImageDeletion deletion) {
		this.catalogue = catalogue;
		this.editing = editing;
		this.deletion = deletion;
	}

	@GetMapping("/v2/images")
	Mono<Map<String, Object>> list(Caller caller, @RequestParam MultiValueMap<String, String> parameters) {
		return this.catalogue.list(caller, parameters, ImageFilters.Dialect.GLANCE).map((page) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("images",
					page.images().stream().map((image) -> ImageView.glance(image, page.frequentlyUsed(image), caller))
						.toList());
			body.put("first", "/v2/images");
			body.put("schema", "/v2/schemas/images");
			if (page.isFull()) {
				body.put("next", CloudImageController.next("/v2/images", parameters, page.images()));
			}
			return body;
		});
	}

	@GetMapping("/v2/images/{imageId}")
	Mono<Map<String, Object>> show(Caller caller, @PathVariable String imageId) {
		return this.catalogue.show(caller, imageId)
			.map((shown) -> ImageView.glance(shown.image(), shown.frequentlyUsed(), caller));
	}

	@PatchMapping(path = "/v2/images/{imageId}", consumes = { JSON_PATCH_V2_1, JSON_PATCH_V2_0 })
	Mono<Map<String, Object>> update(Caller caller, @PathVariable String imageId,
			@RequestBody List<PatchOperation> operations) {
		return this.editing.patchQueuedOrActive(caller, imageId, operations)
			.flatMap((image) -> this.catalogue.isFrequentlyUsed(caller, image.id())
				.map((frequentlyUsed) -> ImageView.glance(image, frequentlyUsed, caller)));
	}

	@PutMapping("/v2/images/{imageId}/tags/{tag}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> addTag(Caller caller, @PathVariable String imageId, @PathVariable String tag) {
		return this.editing.addTag(caller, imageId, tag).then();
	}

	@DeleteMapping("/v2/images/{imageId}/tags/{tag}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> removeTag(Caller caller, @PathVariable String imageId, @PathVariable String tag) {
		return this.editing.removeTag(caller, imageId, tag).then();
	}

	@DeleteMapping("/v2/images/{imageId}")
	Mono<ResponseEntity<Void>> delete(Caller caller, @PathVariable String imageId) {
		return this.deletion.delete(caller, imageId)
			.map((jobId) -> ResponseEntity.noContent().header("X-Job-Id", jobId.value()).<Void>build())
			.defaultIfEmpty(ResponseEntity.noContent().build());
	}

}
