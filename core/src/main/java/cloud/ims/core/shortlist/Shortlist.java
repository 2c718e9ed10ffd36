package cloud.ims.core.shortlist;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.ImageId;

/**
 * A user's frequently used images, most recently added first. One document per user keeps the limit and
 * every change atomic.
 */
public record Shortlist(String userId, List<Entry> entries, long version) {

	public static final int LIMIT = 100;

	public static Shortlist empty(String userId) {
		return new Shortlist(userId, List.of(), 0);
	}

	public boolean contains(ImageId imageId) {
		return this.entries.stream().anyMatch((entry) -> entry.imageId().equals(imageId));
	}

	public List<ImageId> imageIds() {
		return this.entries.stream().map(Entry::imageId).toList();
	}

	/** Adds the image; empty when it is on the list already. */
	public Optional<Shortlist> add(ImageId imageId, Instant at) {
		if (contains(imageId)) {
			return Optional.empty();
		}
		if (this.entries.size() >= LIMIT) {
			throw new ImsException(Kind.CONFLICT, "IMG.0095", "Your frequently used list is full (" + LIMIT
					+ " images). Remove an image from it before you add another.");
		}
		List<Entry> entries = new ArrayList<>(this.entries);
		entries.add(new Entry(imageId, at));
		entries.sort(Comparator.comparing(Entry::addedAt).reversed());
		return Optional.of(new Shortlist(this.userId, List.copyOf(entries), this.version));
	}

	/**
	 * Removes the image; refused when it is not on the list (404, as removing anything absent is), whether the image
	 * exists, is visible or is another project's: the answer says nothing of the image, only of the list.
	 */
	public Optional<Shortlist> remove(ImageId imageId) {
		if (!contains(imageId)) {
			throw notListed(imageId.value());
		}
		return Optional.of(new Shortlist(this.userId,
				this.entries.stream().filter((entry) -> !entry.imageId().equals(imageId)).toList(), this.version));
	}

	/** The refusal of removing an image that is not on the list (also for a string that is no image id). */
	public static ImsException notListed(String imageId) {
		return new ImsException(Kind.NOT_FOUND, "IMG.0093", "Image " + imageId + " is not on your frequently used "
				+ "list, so there is nothing to remove. See the list with GET /v1/cloudimages/frequently-used.");
	}

	public Shortlist withVersion(long version) {
		return new Shortlist(this.userId, this.entries, version);
	}

	/** One image on the list and when it was added. */
	public record Entry(ImageId imageId, Instant addedAt) {
	}

}
