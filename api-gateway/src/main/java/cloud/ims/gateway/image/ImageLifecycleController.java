package cloud.ims.gateway.image;

import cloud.ims.gateway.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Glance's image actions: deactivate and reactivate, each 204, also when there was nothing to do.
 */
@RestController
class ImageLifecycleController {

	private final ImageLifecycle lifecycle;

	ImageLifecycleController(ImageLifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	@PostMapping("/v2/images/{imageId}/actions/deactivate")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> deactivate(Caller caller, @PathVariable String imageId) {
		return this.lifecycle.deactivate(caller, imageId).then();
	}

	@PostMapping("/v2/images/{imageId}/actions/reactivate")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> reactivate(Caller caller, @PathVariable String imageId) {
		return this.lifecycle.reactivate(caller, imageId).then();
	}

}
