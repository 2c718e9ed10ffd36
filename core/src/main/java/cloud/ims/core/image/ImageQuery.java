package cloud.ims.core.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A page of images: those the project may see (or every project's, for admins), matching every condition,
 * sorted by one or more keys (each in its own direction) with the id breaking ties in the last key's direction, after
 * the marker image. The images other projects share with it are
 * among them when its answer is one of {@code memberStatuses} (Glance's {@code member_status}: accepted unless the
 * list asks for others).
 */
public record ImageQuery(String projectId, boolean allProjects, List<Condition> conditions, List<Sort> sorts,
		@Nullable ImageId marker, int limit, Set<MemberStatus> memberStatuses) {

	public ImageQuery {
		conditions = List.copyOf(conditions);
		sorts = List.copyOf(sorts);
		memberStatuses = Set.copyOf(memberStatuses);
		if (sorts.isEmpty()) {
			throw new IllegalArgumentException("A list is sorted by at least one key");
		}
		if (sorts.stream().map(Sort::key).distinct().count() < sorts.size()) {
			throw new IllegalArgumentException("A list is sorted by each key at most once: " + sorts);
		}
	}

	/** A page sorted by one key. */
	public ImageQuery(String projectId, boolean allProjects, List<Condition> conditions, SortKey sortKey,
			boolean ascending, @Nullable ImageId marker, int limit, Set<MemberStatus> memberStatuses) {
		this(projectId, allProjects, conditions, List.of(new Sort(sortKey, ascending)), marker, limit, memberStatuses);
	}

	/** A page with the shared images the project accepted. */
	public ImageQuery(String projectId, boolean allProjects, List<Condition> conditions, SortKey sortKey,
			boolean ascending, @Nullable ImageId marker, int limit) {
		this(projectId, allProjects, conditions, sortKey, ascending, marker, limit, Set.of(MemberStatus.ACCEPTED));
	}

	/** One condition on a field of the image; {@link Field#property} names a free-form property. */
	public record Condition(Field field, Operator operator, @Nullable Object value) {

		public static Condition never() {
			return new Condition(Field.ID, Operator.NEVER, null);
		}

		/**
		 * Images whose data has at least {@code min} and at most {@code max} bytes (either may be null: no bound). An
		 * image without data has no size, so it is in no size range, as in Glance.
		 */
		public static List<Condition> sizeBetween(@Nullable Long min, @Nullable Long max) {
			List<Condition> conditions = new ArrayList<>();
			conditions.add(new Condition(Field.SIZE, Operator.GTE, (min != null) ? Math.max(min, 0L) : 0L));
			if (max != null) {
				conditions.add(new Condition(Field.SIZE, Operator.LTE, max));
			}
			return List.copyOf(conditions);
		}

	}

	/** How a condition compares; {@code CONTAINS} is for tags, {@code NEVER} matches nothing. */
	public enum Operator {

		EQ, NE, GT, GTE, LT, LTE, IN, NOT_IN, CONTAINS, NEVER

	}

	/** The fields of an image a list may filter or sort on. */
	public record Field(String name) {

		public static final Field ID = new Field("id");

		public static final Field NAME = new Field("name");

		public static final Field STATUS = new Field("status");

		public static final Field VISIBILITY = new Field("visibility");

		public static final Field OWNER = new Field("owner");

		public static final Field PROTECTED = new Field("protected");

		public static final Field OS_TYPE = new Field("os_type");

		public static final Field OS_BIT = new Field("os_bit");

		public static final Field PLATFORM = new Field("platform");

		public static final Field DISK_FORMAT = new Field("disk_format");

		public static final Field CONTAINER_FORMAT = new Field("container_format");

		public static final Field MIN_DISK = new Field("min_disk");

		public static final Field MIN_RAM = new Field("min_ram");

		public static final Field TAGS = new Field("tags");

		public static final Field SIZE = new Field("size");

		public static final Field CREATED_AT = new Field("created_at");

		public static final Field UPDATED_AT = new Field("updated_at");

		public static final Field CHECKSUM = new Field("checksum");

		public static final Field OS_HASH_VALUE = new Field("os_hash_value");

		/** Glance's {@code os_hidden}, kept as a free-form property whose value is {@code "true"} or {@code "false"}. */
		public static final Field OS_HIDDEN = property("os_hidden");

		public static Field property(String name) {
			return new Field("property:" + name);
		}

	}

	/** One key of a list's order and its direction. */
	public record Sort(SortKey key, boolean ascending) {
	}

	/** The keys a list may be sorted by (Glance's). */
	public enum SortKey {

		NAME(Field.NAME), STATUS(Field.STATUS), ID(Field.ID), CREATED_AT(Field.CREATED_AT),
		UPDATED_AT(Field.UPDATED_AT), SIZE(Field.SIZE), DISK_FORMAT(Field.DISK_FORMAT),
		CONTAINER_FORMAT(Field.CONTAINER_FORMAT);

		private final Field field;

		SortKey(Field field) {
			this.field = field;
		}

		public Field field() {
			return this.field;
		}

	}

}
