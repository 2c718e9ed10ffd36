package cloud.ims.gateway.image;

import cloud.ims.core.common.Ids;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who may see and change an image: everyone sees public images and their project's private ones, and the images
 * other projects share with theirs (others are 404, so that ids cannot be probed); only admins change public images,
 * and only the owner changes a shared one.
 */
@Component
class ImageAccess {

	private final Images images;

	ImageAccess(Images images) {
		this.images = images;
	}

	/**
	 * The image the caller acts on: public or its project's own. An image another project shares with the caller's
	 * is refused (403), as the caller sees it but may not change it.
	 */
	Mono<Image> visible(Caller caller, String imageId) {
		return shown(caller, imageId).doOnNext((image) -> {
			if (!image.isVisibleTo(caller.projectId())) {
				throw new ImsException(Kind.FORBIDDEN, "IMG.0711", "Image " + image.id() + " belongs to project "
						+ image.owner() + ", which shares it with yours: only its owner can change or delete it.");
			}
		});
	}

	/** The image the caller looks at: public, its project's own, or shared with its project (whatever it answered). */
	Mono<Image> shown(Caller caller, String imageId) {
		Mono<Image> missing = Mono.error(() -> new ImsException(Kind.NOT_FOUND, "IMG.0027",
				"Image " + imageId + " does not exist. Check the id with GET /v2/images."));
		if (!Ids.isWellFormed(imageId)) {
			return missing;
		}
		return this.images.findShown(new ImageId(imageId), caller.projectId()).switchIfEmpty(missing);
	}

}
