package cloud.ims.gateway.image;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageEdit;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.ImageTags;
import cloud.ims.core.image.Images;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Edits image metadata with JSON patches (both dialects) and tags. The patch is applied to the image as stored at
 * the moment of the compare-and-set, so that concurrent edits never overwrite each other silently.
 */
@Component
public class ImageEditing {

	private final ImageAccess access;

	private final Images images;

	private final OsVersionCatalogue osVersions;


	private final Clock clock;

	ImageEditing(ImageAccess access, Images images, OsVersionCatalogue osVersions, Clock clock) {
		this.access = access;
		this.images = images;
		this.osVersions = osVersions;
		this.clock = clock;
	}

	/** Huawei's UpdateImage: only active images. */
	public Mono<Image> patchActive(Caller caller, String imageId, List<PatchOperation> operations) {
		return edit(caller, imageId, List.of(ImageStatus.ACTIVE), (image) -> operations);
	}

	/** Glance's update: queued images too, so that metadata can be completed before the upload. */
	Mono<Image> patchQueuedOrActive(Caller caller, String imageId, List<PatchOperation> operations) {
		return edit(caller, imageId, List.of(ImageStatus.QUEUED, ImageStatus.ACTIVE), (image) -> operations);
	}

	Mono<Image> addTag(Caller caller, String imageId, String tag) {
		return edit(caller, imageId, List.of(ImageStatus.QUEUED, ImageStatus.ACTIVE), (image) -> {
					List<String> tags = new ArrayList<>(image.tags());
					if (!tags.contains(tag)) {
						tags.add(tag);
					}
					return List.of(new PatchOperation("replace", "/tags", tags, Map.of()));
				});
	}

	Mono<Image> removeTag(Caller caller, String imageId, String tag) {
		return edit(caller, imageId, List.of(ImageStatus.QUEUED, ImageStatus.ACTIVE), (image) -> {
			if (!image.tags().contains(tag)) {
				throw new ImsException(Kind.NOT_FOUND, "IMG.0098", "Image " + image.id() + " has no tag '" + tag + "'.");
			}
			return List.of(new PatchOperation("replace", "/tags",
					image.tags().stream().filter((existing) -> !existing.equals(tag)).toList(), Map.of()));
		});
	}

	/**
	 * Huawei's key/value tag calls: the change is applied to the tags as stored at the compare-and-set, and a change
	 * that leaves them as they were publishes nothing.
	 */
	Mono<Image> changeTags(Caller caller, String imageId, UnaryOperator<ImageTags> change) {
		return edit(caller, imageId, List.of(ImageStatus.QUEUED, ImageStatus.ACTIVE),
				(image) -> List.of(new PatchOperation("replace", "/tags", change.apply(ImageTags.of(image)).stored(),
						Map.of())));
	}

	private Mono<Image> edit(Caller caller, String imageId, List<ImageStatus> editable,
			Function<Image, List<PatchOperation>> operationsFor) {
		return this.access.visible(caller, imageId)
			.flatMap((image) -> this.images.update(image.id(), (current) -> {
				ImagePatch patch = new ImagePatch(ImageEdit.of(current), this.osVersions);
				ImageEdit edit = patch.apply(operationsFor.apply(current));
				return current.editBy(caller.isAdmin(), edit, patch.changedPaths().contains("protected"),
						Set.copyOf(editable), this.clock.instant());
			}, caller.actor()));
	}

}
