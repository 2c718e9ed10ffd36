package cloud.ims.gateway.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageTag;
import cloud.ims.core.image.ImageTagQuery;
import cloud.ims.core.image.ImageTags;
import cloud.ims.gateway.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Huawei IMS's key/value tags, on the same tags Glance shows as {@code key=value} strings: add one, add or delete
 * several, delete one, list an image's, list every key of the project's images with its values, and select or count
 * the project's images by tags. Each write is one edit of the image, with its one event (none when nothing changes).
 */
@RestController
class ImageTagController {

	private final ImageEditing editing;

	private final ImageCatalogue catalogue;

	ImageTagController(ImageEditing editing, ImageCatalogue catalogue) {
		this.editing = editing;
		this.catalogue = catalogue;
	}

	@PostMapping("/v2/{projectId}/images/{imageId}/tags")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> add(Caller caller, @PathVariable String projectId, @PathVariable String imageId,
			@RequestBody ImageTagRequests.Add request) {
		caller.requireProject(projectId);
		ImageTag tag = request.checked();
		return this.editing.changeTags(caller, imageId, (tags) -> tags.with(List.of(tag))).then();
	}

	@PostMapping("/v2/{projectId}/images/{imageId}/tags/action")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> batch(Caller caller, @PathVariable String projectId, @PathVariable String imageId,
			@RequestBody ImageTagRequests.Batch request) {
		caller.requireProject(projectId);
		if (request.creates()) {
			List<ImageTag> created = request.created();
			return this.editing.changeTags(caller, imageId, (tags) -> tags.with(created)).then();
		}
		List<ImageTags.Removal> removed = request.removed();
		return this.editing.changeTags(caller, imageId, (tags) -> tags.withoutAll(removed)).then();
	}

	@DeleteMapping("/v2/{projectId}/images/{imageId}/tags/{key}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(Caller caller, @PathVariable String projectId, @PathVariable String imageId,
			@PathVariable String key) {
		caller.requireProject(projectId);
		return this.editing.changeTags(caller, imageId, (tags) -> tags.without(key)).then();
	}

	@GetMapping("/v2/{projectId}/images/{imageId}/tags")
	Mono<Map<String, Object>> list(Caller caller, @PathVariable String projectId, @PathVariable String imageId) {
		caller.requireProject(projectId);
		return this.catalogue.show(caller, imageId).map((shown) -> Map.of("tags", pairs(shown.image())));
	}

	@GetMapping("/v2/{projectId}/images/tags")
	Mono<Map<String, Object>> keys(Caller caller, @PathVariable String projectId) {
		caller.requireProject(projectId);
		return this.catalogue.owned(caller).collectList().map((images) -> {
			Map<String, TreeSet<String>> values = new TreeMap<>();
			images.forEach((image) -> ImageTags.of(image).pairs()
				.forEach((tag) -> values.computeIfAbsent(tag.key(), (key) -> new TreeSet<>()).add(tag.value())));
			List<Map<String, Object>> tags = new ArrayList<>();
			values.forEach((key, of) -> tags.add(Map.of("key", key, "values", List.copyOf(of))));
			return Map.of("tags", tags);
		});
	}

	@PostMapping("/v2/{projectId}/images/resource_instances/action")
	Mono<Map<String, Object>> select(Caller caller, @PathVariable String projectId,
			@RequestBody ImageTagRequests.Query request) {
		caller.requireProject(projectId);
		boolean counts = request.counts();
		ImageTagQuery query = request.query();
		int limit = counts ? 0 : request.pageLimit();
		int offset = counts ? 0 : request.pageOffset();
		return this.catalogue.owned(caller).filter(query::matches).collectList().map((matching) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			if (!counts) {
				body.put("resources", matching.stream().skip(offset).limit(limit).map(ImageTagController::resource)
					.toList());
			}
			body.put("total_count", matching.size());
			return body;
		});
	}

	private static Map<String, Object> resource(Image image) {
		Map<String, Object> resource = new LinkedHashMap<>();
		resource.put("resource_id", image.id().value());
		resource.put("resource_name", image.name());
		resource.put("resource_detail", Map.of("status", image.status().wireName()));
		resource.put("tags", pairs(image));
		return resource;
	}

	private static List<Map<String, String>> pairs(Image image) {
		return ImageTags.of(image).pairs().stream().map((tag) -> Map.of("key", tag.key(), "value", tag.value())).toList();
	}

}
