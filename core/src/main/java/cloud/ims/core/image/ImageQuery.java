package cloud.ims.core.image;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A page of images: those the project may see (or every project's, for admins), matching every condition,
 * sorted by one key with the id breaking ties, after the marker image. The images other projects share with it are
 * among them when its answer is one of {@code memberStatuses} (Glance's {@code member_status}: accepted unless the
 * list asks for others).
 */
public record ImageQuery(String projectId, boolean allProjects, List<Condition> conditions, SortKey sortKey,
		boolean ascending, @Nullable ImageId marker, int limit, Set<MemberStatus> memberStatuses) {

	public ImageQuery {
		conditions = List.copyOf(conditions);
		memberStatuses = Set.copyOf(memberStatuses);
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

		public static Field property(String name) {
			return new Field("property:" + name);
		}

	}

	/** The keys a list may be sorted by. */
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
