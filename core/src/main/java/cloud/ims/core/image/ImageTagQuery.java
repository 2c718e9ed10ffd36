package cloud.ims.core.image;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Which of a project's images Huawei's ListImageByTags selects: those that have every tag of {@code all}, at least one
 * of {@code any}, not every one of {@code notAll} and none of {@code notAny} (a condition with no values matches any
 * value of its key), or, with {@code withoutAnyTag}, those without tags (the tag conditions are then ignored); and
 * whose name contains {@code nameContains} (equals it when it is empty) and whose id is {@code id}, when given.
 */
public record ImageTagQuery(List<Condition> all, List<Condition> any, List<Condition> notAll, List<Condition> notAny,
		boolean withoutAnyTag, @Nullable String nameContains, @Nullable String id) {

	/** The most keys one list of conditions may name, and the most values one key may list. */
	public static final int MAX_CONDITIONS = 10;

	public ImageTagQuery {
		all = checked("tags", all);
		any = checked("tags_any", any);
		notAll = checked("not_tags", notAll);
		notAny = checked("not_tags_any", notAny);
	}

	public boolean matches(Image image) {
		if (this.id != null && !image.id().value().equals(this.id)) {
			return false;
		}
		if (this.nameContains != null && !(this.nameContains.isEmpty() ? image.name().isEmpty()
				: image.name().contains(this.nameContains))) {
			return false;
		}
		List<ImageTag> tags = ImageTags.of(image).pairs();
		if (this.withoutAnyTag) {
			return tags.isEmpty();
		}
		return this.all.stream().allMatch((condition) -> condition.matches(tags))
				&& (this.any.isEmpty() || this.any.stream().anyMatch((condition) -> condition.matches(tags)))
				&& (this.notAll.isEmpty() || !this.notAll.stream().allMatch((condition) -> condition.matches(tags)))
				&& this.notAny.stream().noneMatch((condition) -> condition.matches(tags));
	}

	/** One key and the values it may have; no values: any value. */
	public record Condition(String key, List<String> values) {

		public Condition {
			values = List.copyOf(values);
		}

		/** Checked as Huawei checks a query's tags: lengths only, no character rules. */
		public static Condition of(@Nullable String key, @Nullable List<String> values) {
			String checkedKey = ImageTags.queryKey(key);
			if (values == null) {
				throw new ImsException(Kind.INVALID, "IMG.0014", "Tag key '" + key
						+ "' has no values list; give \"values\": [] to match any value.");
			}
			if (values.size() > MAX_CONDITIONS) {
				throw new ImsException(Kind.INVALID, "IMG.0014", "Tag key '" + key + "' lists " + values.size()
						+ " values; give at most " + MAX_CONDITIONS + ".");
			}
			Set<String> seen = new HashSet<>();
			for (String value : values) {
				if (value == null || !seen.add(value)) {
					throw new ImsException(Kind.INVALID, "IMG.0014", "Tag key '" + key
							+ "' lists a value twice or a null value; give each value once.");
				}
				ImageTags.queryValue(key, value);
			}
			return new Condition(checkedKey, values);
		}

		boolean matches(List<ImageTag> tags) {
			return tags.stream()
				.anyMatch((tag) -> tag.key().equals(this.key) && (this.values.isEmpty() || this.values.contains(tag.value())));
		}

	}

	private static List<Condition> checked(String field, List<Condition> conditions) {
		if (conditions.size() > MAX_CONDITIONS) {
			throw new ImsException(Kind.INVALID, "IMG.0014", field + " names " + conditions.size()
					+ " tag keys; give at most " + MAX_CONDITIONS + ".");
		}
		ImageTags.requireUniqueKeys(conditions.stream().map(Condition::key).toList());
		return List.copyOf(conditions);
	}

}
