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
 * Who may see and change an image: everyone sees public images and their project's private ones (others are
 * 404, so that ids cannot be probed); only admins change public images.
 */
@Component
class ImageAccess {

	private final Images images;

	ImageAccess(Images images) {
		this.images = images;
	}

	Mono<Image> visible(Caller caller, String imageId) {
		Mono<Image> missing = Mono.error(() -> new ImsException(Kind.NOT_FOUND, "IMG.0027",
				"Image " + imageId + " does not exist. Check the id with GET /v2/images."));
		if (!Ids.isWellFormed(imageId)) {
			return missing;
		}
		return this.images.findVisible(new ImageId(imageId), caller.projectId()).switchIfEmpty(missing);
	}

}
