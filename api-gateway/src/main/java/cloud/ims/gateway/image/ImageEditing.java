package cloud.ims.gateway.image;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import cloud.ims.core.common.Changed;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageEdit;
import cloud.ims.core.image.ImageOwnership;
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

	private final ImageQuotas quotas;

	private final Clock clock;

	ImageEditing(ImageAccess access, Images images, OsVersionCatalogue osVersions, ImageQuotas quotas, Clock clock) {
		this.access = access;
		this.images = images;
		this.osVersions = osVersions;
		this.quotas = quotas;
		this.clock = clock;
	}

	/** Huawei's UpdateImage: only active images. */
	public Mono<Image> patchActive(Caller caller, String imageId, List<PatchOperation> operations) {
		return edit(caller, imageId, List.of(ImageStatus.ACTIVE), (image) -> operations);
	}

	/**
	 * Glance's update: queued images too, so that metadata can be completed before the upload. A change of
	 * {@code /owner} (admins only, see {@link ImageOwnership}) moves the image's quota unit to the new owner.
	 */
	Mono<Image> patchQueuedOrActive(Caller caller, String imageId, List<PatchOperation> operations) {
		List<ImageStatus> editable = List.of(ImageStatus.QUEUED, ImageStatus.ACTIVE);
		List<PatchOperation> ownerChanges = operations.stream().filter((operation) -> "/owner".equals(operation.path()))
			.toList();
		if (ownerChanges.isEmpty()) {
			return edit(caller, imageId, editable, (image) -> operations);
		}
		PatchOperation ownerChange = ownerChanges.get(ownerChanges.size() - 1);
		if (!List.of("add", "replace").contains(ownerChange.op())) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0096",
					"Attribute 'owner' cannot be removed; replace it with a project id instead.");
		}
		String owner = ImageOwnership.owner(ownerChange.value());
		ImageOwnership.requireMayGive(caller.projectId(), caller.isAdmin(), owner);
		List<PatchOperation> others = operations.stream().filter((operation) -> !ownerChanges.contains(operation))
			.toList();
		return this.access.visible(caller, imageId).flatMap((image) -> {
			Function<Image, Optional<Image>> change = (current) -> {
				Optional<Image> edited = editOf(caller, current, others, editable);
				return ImageOwnership.transfer(edited.orElse(current), owner, caller.projectId(), caller.isAdmin(),
						this.clock.instant()).or(() -> edited);
			};
			if (image.owner().equals(owner)) {
				return this.images.update(image.id(), change, caller.actor());
			}
			Mono<Changed<Image>> moved = this.images.transition(image.id(), change, caller.actor())
				.onErrorResume((failure) -> this.quotas.release(owner).then(Mono.error(failure)));
			return this.quotas.reserve(owner)
				.then(moved)
				.flatMap((changed) -> this.quotas
					.release(changed.before().owner().equals(owner) ? owner : changed.before().owner())
					.then(this.quotas.moveBytes(changed))
					.thenReturn(changed.after()))
				.switchIfEmpty(Mono.defer(() -> this.quotas.release(owner).then(this.images.find(image.id()))));
		});
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
			.flatMap((image) -> this.images.update(image.id(),
					(current) -> editOf(caller, current, operationsFor.apply(current), editable), caller.actor()));
	}

	/** The image patched as the caller may; no operations only check that the caller may edit it now. */
	private Optional<Image> editOf(Caller caller, Image current, List<PatchOperation> operations,
			List<ImageStatus> editable) {
		ImagePatch patch = new ImagePatch(ImageEdit.of(current), this.osVersions);
		ImageEdit edit = operations.isEmpty() ? ImageEdit.of(current) : patch.apply(operations);
		return current.editBy(caller.isAdmin(), edit, patch.changedPaths().contains("protected"),
				Set.copyOf(editable), this.clock.instant());
	}

}
