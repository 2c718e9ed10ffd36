package cloud.ims.gateway.image;

import java.time.Clock;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.Images;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Deactivates and reactivates images, as Glance's image actions do. Each is one compare-and-set on the image, so one
 * event; a repeat changes nothing and reports nothing.
 */
@Component
class ImageLifecycle {

	private final ImageAccess access;

	private final Images images;

	private final Clock clock;

	ImageLifecycle(ImageAccess access, Images images, Clock clock) {
		this.access = access;
		this.images = images;
		this.clock = clock;
	}

	Mono<Image> deactivate(Caller caller, String imageId) {
		return this.access.visible(caller, imageId)
			.flatMap((image) -> this.images.update(image.id(),
					(current) -> current.deactivateBy(caller.projectId(), caller.isAdmin(), this.clock.instant()),
					caller.actor()));
	}

	Mono<Image> reactivate(Caller caller, String imageId) {
		return this.access.visible(caller, imageId)
			.flatMap((image) -> this.images.update(image.id(),
					(current) -> current.reactivateBy(caller.projectId(), caller.isAdmin(), this.clock.instant()),
					caller.actor()));
	}

}
