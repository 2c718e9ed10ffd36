package cloud.ims.core.image;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * An image's tags as Huawei's key/value tag API reads and changes them: the same tags Glance shows as strings, each
 * read as {@link ImageTag#parse}. Writes follow Huawei's rules: at most {@value #MAX_TAGS} tags (a write never takes an
 * image beyond that, though Glance may have given it more), keys unique within a request, and a key that is there
 * already gets the new value. Tags a write does not touch stay exactly as they were stored.
 */
public record ImageTags(List<String> stored) {

	/** The most tags Huawei's tag API lets an image have. */
	public static final int MAX_TAGS = 10;

	/** The longest key a deletion or a query may name (Huawei checks no characters there). */
	public static final int MAX_QUERY_KEY = 127;

	/** The longest value a deletion or a query may name. */
	public static final int MAX_QUERY_VALUE = 255;

	public ImageTags {
		stored = List.copyOf(stored);
	}

	public static ImageTags of(Image image) {
		return new ImageTags(image.tags());
	}

	/** The tags as key/value pairs, in their stored order. */
	public List<ImageTag> pairs() {
		return this.stored.stream().map(ImageTag::parse).toList();
	}

	public boolean hasKey(String key) {
		return this.stored.stream().anyMatch((tag) -> ImageTag.parse(tag).key().equals(key));
	}

	/**
	 * The tags of a new image (CreateImage's {@code image_tags}), checked: unique keys, at most {@value #MAX_TAGS}.
	 */
	public static List<String> forNewImage(List<ImageTag> tags) {
		return new ImageTags(List.of()).with(tags).stored();
	}

	/**
	 * Adds the tags, or gives a key that is there its new value (every tag of that key, should Glance have given it
	 * several); each tag comes checked by {@link ImageTag#of}. Refused when two of them share a key, or when the image
	 * would end with more than {@value #MAX_TAGS} tags and more than it had.
	 */
	public ImageTags with(List<ImageTag> tags) {
		requireUniqueKeys(tags.stream().map(ImageTag::key).toList());
		Map<String, ImageTag> byKey = new LinkedHashMap<>();
		tags.forEach((tag) -> byKey.put(tag.key(), tag));
		List<String> next = new ArrayList<>();
		Set<String> placed = new HashSet<>();
		for (String tag : this.stored) {
			ImageTag replacement = byKey.get(ImageTag.parse(tag).key());
			if (replacement == null) {
				next.add(tag);
			}
			else if (placed.add(replacement.key())) {
				next.add(replacement.stored());
			}
		}
		byKey.values().stream().filter((tag) -> !placed.contains(tag.key())).forEach((tag) -> next.add(tag.stored()));
		requireCount(next.size());
		return new ImageTags(next);
	}

	/** A write never takes an image beyond {@value #MAX_TAGS} tags, nor one beyond that (by Glance) any further. */
	private void requireCount(int count) {
		if (count > MAX_TAGS && count > this.stored.size()) {
			throw new ImsException(Kind.INVALID, "IMG.0012", "An image can have at most " + MAX_TAGS
					+ " key/value tags; this one would have " + count + ". Delete some first.");
		}
	}

	/**
	 * The tags as a user rewrote them, one {@code key=value} (or key) per entry, as the console edits them: an entry
	 * the image has is kept as stored, any other is a new tag, checked as {@link ImageTag#of}, whose key no other entry
	 * may have; the count is limited as {@link #with} limits it.
	 */
	public ImageTags rewritten(List<String> entries) {
		List<String> next = new ArrayList<>();
		List<String> added = new ArrayList<>();
		for (String entry : entries) {
			if (this.stored.contains(entry)) {
				next.add(entry);
			}
			else {
				ImageTag parsed = ImageTag.parse(entry);
				ImageTag tag = ImageTag.of(parsed.key(), parsed.value());
				next.add(tag.stored());
				added.add(tag.key());
			}
		}
		List<String> keys = next.stream().map((tag) -> ImageTag.parse(tag).key()).toList();
		for (String key : added) {
			if (keys.stream().filter(key::equals).count() > 1) {
				throw new ImsException(Kind.INVALID, "IMG.0013",
						"Tag key '" + key + "' is given twice; give each key once.");
			}
		}
		requireCount(next.size());
		return new ImageTags(next);
	}

	/** Huawei's DeleteImageTag: removes every tag of the key, which must be there. */
	public ImageTags without(String key) {
		if (!hasKey(key)) {
			throw new ImsException(Kind.NOT_FOUND, "IMG.0098", "The image has no tag with key '" + key + "'.");
		}
		return new ImageTags(this.stored.stream().filter((tag) -> !ImageTag.parse(tag).key().equals(key)).toList());
	}

	/**
	 * Huawei's batch deletion: removes each key's tags (only those with the given value, when one is given); a tag
	 * that is not there counts as deleted.
	 */
	public ImageTags withoutAll(List<Removal> removals) {
		requireUniqueKeys(removals.stream().map(Removal::key).toList());
		return new ImageTags(this.stored.stream()
			.filter((tag) -> removals.stream().noneMatch((removal) -> removal.matches(ImageTag.parse(tag))))
			.toList());
	}

	/** Keys must be unique within one request. */
	public static void requireUniqueKeys(List<String> keys) {
		Set<String> seen = new HashSet<>();
		for (String key : keys) {
			if (!seen.add(key)) {
				throw new ImsException(Kind.INVALID, "IMG.0013",
						"Tag key '" + key + "' is given twice; give each key once per request.");
			}
		}
	}

	/**
	 * A tag to delete: a key of 1 to {@value #MAX_QUERY_KEY} characters of any kind (tags Glance gave may have any)
	 * and, optionally, the value it must have.
	 */
	public record Removal(String key, @Nullable String value) {

		public static Removal of(@Nullable String key, @Nullable String value) {
			return new Removal(queryKey(key), queryValue(key, value));
		}

		boolean matches(ImageTag tag) {
			return tag.key().equals(this.key) && (this.value == null || tag.value().equals(this.value));
		}

	}

	/** A key a deletion or a query names: not blank, at most {@value #MAX_QUERY_KEY} characters. */
	public static String queryKey(@Nullable String key) {
		if (key == null || key.isBlank() || key.length() > MAX_QUERY_KEY) {
			throw new ImsException(Kind.INVALID, "IMG.0010",
					"Invalid tag key '" + key + "': give 1 to " + MAX_QUERY_KEY + " characters, not only spaces.");
		}
		return key;
	}

	/** A value a deletion or a query names: at most {@value #MAX_QUERY_VALUE} characters. */
	public static @Nullable String queryValue(@Nullable String key, @Nullable String value) {
		if (value != null && value.length() > MAX_QUERY_VALUE) {
			throw new ImsException(Kind.INVALID, "IMG.0011",
					"The value given for tag key '" + key + "' is too long: use at most " + MAX_QUERY_VALUE
							+ " characters.");
		}
		return value;
	}

}
