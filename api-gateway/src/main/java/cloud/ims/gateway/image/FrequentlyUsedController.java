package cloud.ims.gateway.image;

import java.util.List;
import java.util.Map;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.Images;
import cloud.ims.core.shortlist.Shortlists;
import cloud.ims.gateway.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Each user's shortlist of frequently used images (ext): adding is idempotent, removing an image that is not on the
 * list is 404 ({@code IMG.0093}); an image the user can no longer see (deleted, withdrawn) leaves the list.
 */
@RestController
class FrequentlyUsedController {

	private final Shortlists shortlists;

	private final Images images;

	private final FrequentlyUsed frequentlyUsed;

	FrequentlyUsedController(Shortlists shortlists, Images images, FrequentlyUsed frequentlyUsed) {
		this.shortlists = shortlists;
		this.images = images;
		this.frequentlyUsed = frequentlyUsed;
	}

	@GetMapping("/v1/cloudimages/frequently-used")
	Mono<Map<String, Object>> list(Caller caller) {
		return this.shortlists.find(caller.userId())
			.flatMapMany((shortlist) -> Flux.fromIterable(shortlist.imageIds()))
			.concatMap((imageId) -> this.images.findShown(imageId, caller.projectId()))
			.map((Image image) -> ImageView.huawei(image, true, caller.projectId()))
			.collectList()
			.map((List<Map<String, Object>> page) -> Map.of("images", page));
	}

	@PutMapping("/v1/cloudimages/frequently-used/{imageId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> add(Caller caller, @PathVariable String imageId) {
		return this.frequentlyUsed.add(caller, imageId);
	}

	@DeleteMapping("/v1/cloudimages/frequently-used/{imageId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> remove(Caller caller, @PathVariable String imageId) {
		return this.frequentlyUsed.remove(caller, imageId);
	}

}
