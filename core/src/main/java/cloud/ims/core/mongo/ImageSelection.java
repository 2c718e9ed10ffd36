package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageQuery.Condition;
import cloud.ims.core.image.ImageQuery.Field;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * Which image documents a list selects and in which order, both as a MongoDB filter and as a predicate on documents
 * in memory ({@link ImageListIndex}). Every clause is written once, in both forms side by side, so that the two stay
 * the same selection.
 */
final class ImageSelection {

	static final Map<Field, String> FIELDS = Map.ofEntries(Map.entry(Field.ID, "_id"), Map.entry(Field.NAME, "name"),
			Map.entry(Field.STATUS, "status"), Map.entry(Field.VISIBILITY, "visibility"),
			Map.entry(Field.OWNER, "owner"), Map.entry(Field.PROTECTED, "protected"), Map.entry(Field.OS_TYPE, "osType"),
			Map.entry(Field.OS_BIT, "osBit"), Map.entry(Field.PLATFORM, "platform"),
			Map.entry(Field.DISK_FORMAT, "diskFormat"), Map.entry(Field.CONTAINER_FORMAT, "containerFormat"),
			Map.entry(Field.MIN_DISK, "minDisk"), Map.entry(Field.MIN_RAM, "minRam"), Map.entry(Field.TAGS, "tags"),
			Map.entry(Field.SIZE, "size"), Map.entry(Field.CREATED_AT, "createdAt"),
			Map.entry(Field.UPDATED_AT, "updatedAt"), Map.entry(Field.CHECKSUM, "checksum"),
			Map.entry(Field.OS_HASH_VALUE, "osHashValue"));

	/**
	 * The fields the image-worker writes while it creates an image (queued or saving); every other field of an image
	 * changes only through the api-gateway.
	 */
	private static final Set<String> WRITTEN_WHILE_CREATED = Set.of("status", "size", "diskFormat", "checksum", "osHashValue",
			"updatedAt");

	private final List<Bson> filters = new ArrayList<>();

	private final List<Clause> clauses = new ArrayList<>();

	private static final String QUEUED = ImageStatus.QUEUED.wireName();

	private static final String SAVING = ImageStatus.SAVING.wireName();

	private static final String UPLOADING = ImageStatus.UPLOADING.wireName();

	private static final String IMPORTING = ImageStatus.IMPORTING.wireName();

	/** The sort keys' document fields, in the order's precedence, and their directions. */
	private final List<String> sortFields;

	private final List<Boolean> ascending;

	private final Comparator<Document> order;

	/**
	 * The project whose images, the public ones and those shared with it the list is limited to; null for every
	 * project's.
	 */
	private final @Nullable String project;

	private ImageSelection(List<ImageQuery.Sort> sorts, @Nullable String project) {
		this.sortFields = sorts.stream().map((sort) -> field(sort.key().field())).toList();
		this.ascending = sorts.stream().map(ImageQuery.Sort::ascending).toList();
		this.project = project;
		Comparator<Document> keys = null;
		for (int i = 0; i < this.sortFields.size(); i++) {
			String sortField = this.sortFields.get(i);
			Comparator<Document> byKey = Comparator.comparing((Document document) -> document.get(sortField),
					SortValues::compare);
			byKey = this.ascending.get(i) ? byKey : byKey.reversed();
			keys = (keys == null) ? byKey : keys.thenComparing(byKey);
		}
		Comparator<Document> byId = Comparator.comparing((Document document) -> document.getString("_id"));
		this.order = keys.thenComparing(lastAscending() ? byId : byId.reversed());
	}

	/** The images the query may see and asks for, after {@code marker} (the document of the previous page's last). */
	static ImageSelection of(ImageQuery query, @Nullable Document marker) {
		ImageSelection selection = new ImageSelection(query.sorts(), query.allProjects() ? null : query.projectId());
		selection.add(Filters.ne("status", ImageStatus.DELETED.wireName()),
				DocumentConditions.ne("status", ImageStatus.DELETED.wireName()), "status");
		if (!query.allProjects()) {
			List<String> sharedWith = query.memberStatuses()
				.stream()
				.sorted()
				.map((status) -> ImageMapper.sharedWith(status, query.projectId()))
				.toList();
			selection.add(
					Filters.or(Filters.eq("visibility", Visibility.PUBLIC.wireName()),
							Filters.eq("owner", query.projectId()), Filters.in(ImageMapper.SHARED_WITH, sharedWith)),
					DocumentConditions.eq("visibility", Visibility.PUBLIC.wireName())
						.or(DocumentConditions.eq("owner", query.projectId()))
						.or(DocumentConditions.in(ImageMapper.SHARED_WITH, sharedWith)),
					"visibility", "owner", ImageMapper.SHARED_WITH);
		}
		query.conditions().forEach(selection::add);
		if (marker != null) {
			selection.addAfter(marker);
		}
		return selection;
	}

	static String field(Field field) {
		if (field.name().startsWith("property:")) {
			return "properties." + field.name().substring("property:".length());
		}
		return FIELDS.get(field);
	}

	Bson filter() {
		return Filters.and(this.filters);
	}

	Predicate<Document> predicate() {
		return allOf(this.clauses);
	}

	/** The project the list is limited to (with the public and shared images), or null for every project's images. */
	@Nullable String project() {
		return this.project;
	}

	/**
	 * The predicate for an index entry, which may be behind the store: an image still being created may have
	 * changed since in the fields the image-worker writes, so the clauses on those fields are left out for it (the
	 * image read from the store is checked against the whole {@link #predicate}).
	 */
	Predicate<Document> candidate() {
		Predicate<Document> stable = allOf(this.clauses.stream()
			.filter((clause) -> clause.fields().stream().noneMatch(WRITTEN_WHILE_CREATED::contains))
			.toList());
		Predicate<Document> strict = predicate();
		return (document) -> isBeingCreated(document) ? stable.test(document) : strict.test(document);
	}

	/** The fields a page's order reads, for reading only those of every candidate. */
	List<String> sortFields() {
		return this.sortFields;
	}

	/** The list's order: by the sort key, the id breaking ties. */
	Comparator<Document> order() {
		return this.order;
	}

	private static boolean isBeingCreated(Document document) {
		Object status = document.get("status");
		return QUEUED.equals(status) || SAVING.equals(status) || UPLOADING.equals(status) || IMPORTING.equals(status);
	}

	/** The clauses as one predicate, evaluated in a plain loop: it runs for every image of a list. */
	private static Predicate<Document> allOf(List<Clause> clauses) {
		@SuppressWarnings("unchecked")
		Predicate<Document>[] predicates = clauses.stream().map(Clause::predicate).toArray(Predicate[]::new);
		return (document) -> {
			for (Predicate<Document> predicate : predicates) {
				if (!predicate.test(document)) {
					return false;
				}
			}
			return true;
		};
	}

	private void add(Bson filter, Predicate<Document> predicate, String... fields) {
		this.filters.add(filter);
		this.clauses.add(new Clause(predicate, new HashSet<>(List.of(fields))));
	}

	private void add(Condition condition) {
		String field = field(condition.field());
		Object value = (condition.value() instanceof Instant instant) ? BsonValues.date(instant) : condition.value();
		switch (condition.operator()) {
			case EQ, CONTAINS -> add(Filters.eq(field, value), DocumentConditions.eq(field, value), field);
			case NE -> add(Filters.ne(field, value), DocumentConditions.ne(field, value), field);
			case GT -> add(Filters.gt(field, value), DocumentConditions.gt(field, value), field);
			case GTE -> add(Filters.gte(field, value), DocumentConditions.gte(field, value), field);
			case LT -> add(Filters.lt(field, value), DocumentConditions.lt(field, value), field);
			case LTE -> add(Filters.lte(field, value), DocumentConditions.lte(field, value), field);
			case IN -> add(Filters.in(field, (Collection<?>) value), DocumentConditions.in(field, (Collection<?>) value),
					field);
			case NOT_IN -> add(Filters.nin(field, (Collection<?>) value),
					DocumentConditions.nin(field, (Collection<?>) value), field);
			case NEVER -> add(Filters.in("_id", List.of()), DocumentConditions.never(), "_id");
		}
	}

	/**
	 * Keyset pagination: what sorts after the marker, key by key (equal on the keys before, beyond on this one), with
	 * the id breaking ties, so no page skips or repeats.
	 */
	private void addAfter(Document marker) {
		List<Bson> alternatives = new ArrayList<>();
		List<Bson> equalBefore = new ArrayList<>();
		for (int i = 0; i < this.sortFields.size(); i++) {
			String sortField = this.sortFields.get(i);
			Object value = marker.get(sortField);
			Bson beyond = beyond(sortField, value, this.ascending.get(i));
			if (beyond != null) {
				List<Bson> alternative = new ArrayList<>(equalBefore);
				alternative.add(beyond);
				alternatives.add(Filters.and(alternative));
			}
			equalBefore.add(Filters.eq(sortField, value));
		}
		String id = marker.getString("_id");
		equalBefore.add(lastAscending() ? Filters.gt("_id", id) : Filters.lt("_id", id));
		alternatives.add(Filters.and(equalBefore));
		List<String> fields = new ArrayList<>(this.sortFields);
		fields.add("_id");
		add(Filters.or(alternatives), (document) -> this.order.compare(document, marker) > 0,
				fields.toArray(String[]::new));
	}

	/**
	 * The values that sort beyond {@code value} in a direction, as {@link SortValues} orders them (a missing value
	 * first): MongoDB's range operators compare only values of one type and never match a missing one, so the missing
	 * values are named on their own. Null when nothing sorts beyond.
	 */
	private static @Nullable Bson beyond(String field, @Nullable Object value, boolean ascending) {
		if (value == null) {
			return ascending ? Filters.ne(field, null) : null;
		}
		return ascending ? Filters.gt(field, value) : Filters.or(Filters.lt(field, value), Filters.eq(field, null));
	}

	private boolean lastAscending() {
		return this.ascending.get(this.ascending.size() - 1);
	}

	/** One clause of the selection and the fields it reads. */
	private record Clause(Predicate<Document> predicate, Set<String> fields) {
	}

}
