package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageQuery.Condition;
import cloud.ims.core.image.ImageQuery.Field;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.Visibility;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Images in the {@code images} collection.
 */
public final class MongoImages implements Images {

	static final String COLLECTION = "images";

	private static final Map<Field, String> FIELDS = Map.ofEntries(Map.entry(Field.ID, "_id"),
			Map.entry(Field.NAME, "name"), Map.entry(Field.STATUS, "status"), Map.entry(Field.VISIBILITY, "visibility"),
			Map.entry(Field.OWNER, "owner"), Map.entry(Field.PROTECTED, "protected"), Map.entry(Field.OS_TYPE, "osType"),
			Map.entry(Field.OS_BIT, "osBit"), Map.entry(Field.PLATFORM, "platform"),
			Map.entry(Field.DISK_FORMAT, "diskFormat"), Map.entry(Field.CONTAINER_FORMAT, "containerFormat"),
			Map.entry(Field.MIN_DISK, "minDisk"), Map.entry(Field.MIN_RAM, "minRam"), Map.entry(Field.TAGS, "tags"),
			Map.entry(Field.SIZE, "size"), Map.entry(Field.CREATED_AT, "createdAt"),
			Map.entry(Field.UPDATED_AT, "updatedAt"), Map.entry(Field.CHECKSUM, "checksum"));

	private final ImageMapper mapper = new ImageMapper();

	private final VersionedCollection<Image> images;

	public MongoImages(MongoDatabase database) {
		this.images = new VersionedCollection<>(database.getCollection(COLLECTION), this.mapper);
	}

	@Override
	public Mono<Image> insertIfAbsent(Image image) {
		return this.images.insertIfAbsent(image);
	}

	@Override
	public Mono<Image> find(ImageId id) {
		return this.images.find(id.value());
	}

	@Override
	public Flux<Image> list(ImageQuery query) {
		String sortField = field(query.sortKey().field());
		Mono<Optional<Document>> marker = (query.marker() != null)
				? Mono.from(this.images.collection().find(Filters.eq("_id", query.marker().value())).first())
					.map(Optional::of)
					.switchIfEmpty(Mono.error(() -> new ImsException(Kind.INVALID, "IMS.0400", "marker="
							+ query.marker() + " is not an image of this list. Use the id of the last image of a page.")))
				: Mono.just(Optional.empty());
		return marker.flatMapMany((after) -> {
			List<Bson> filters = baseFilters(query);
			after.ifPresent((document) -> filters.add(after(sortField, document, query.ascending())));
			return page(Filters.and(filters), sortField, query.ascending(), query.limit());
		});
	}

	/**
	 * Finds the page in two steps: the matching ids with their sort keys (small documents), sorted and cut here, then
	 * the page's images by id. The embedded MongoDB-protocol server sorts whole documents slowly and uses no secondary
	 * index, so this halves a page's time there; on real MongoDB both steps use indexes.
	 */
	private Flux<Image> page(Bson filter, String sortField, boolean ascending, int limit) {
		Comparator<Document> order = Comparator.comparing((Document document) -> document.get(sortField),
				SortValues::compare).thenComparing((document) -> document.getString("_id"));
		Comparator<Document> direction = ascending ? order : order.reversed();
		return Flux.from(this.images.collection().find(filter).projection(Projections.include(sortField)))
			.collectSortedList(direction)
			.flatMapMany((keys) -> {
				List<String> ids = keys.stream().limit(limit).map((key) -> key.getString("_id")).toList();
				if (ids.isEmpty()) {
					return Flux.empty();
				}
				return Flux.from(this.images.collection().find(Filters.in("_id", ids)))
					.collectMap((document) -> document.getString("_id"))
					.flatMapIterable((byId) -> ids.stream().filter(byId::containsKey).map(byId::get).toList());
			})
			.map(this.mapper::fromDocument);
	}

	@Override
	public Mono<Image> update(ImageId id, Function<Image, Optional<Image>> change) {
		return this.images.update(id.value(), change);
	}

	private static List<Bson> baseFilters(ImageQuery query) {
		List<Bson> filters = new ArrayList<>();
		filters.add(Filters.ne("status", ImageStatus.DELETED.wireName()));
		if (!query.allProjects()) {
			filters.add(Filters.or(Filters.eq("visibility", Visibility.PUBLIC.wireName()),
					Filters.eq("owner", query.projectId())));
		}
		query.conditions().forEach((condition) -> filters.add(filter(condition)));
		return filters;
	}

	private static Bson filter(Condition condition) {
		String field = field(condition.field());
		Object value = (condition.value() instanceof Instant instant) ? BsonValues.date(instant) : condition.value();
		return switch (condition.operator()) {
			case EQ, CONTAINS -> Filters.eq(field, value);
			case NE -> Filters.ne(field, value);
			case GT -> Filters.gt(field, value);
			case GTE -> Filters.gte(field, value);
			case LT -> Filters.lt(field, value);
			case LTE -> Filters.lte(field, value);
			case IN -> Filters.in(field, (Collection<?>) value);
			case NOT_IN -> Filters.nin(field, (Collection<?>) value);
			case NEVER -> Filters.in("_id", List.of());
		};
	}

	private static String field(Field field) {
		if (field.name().startsWith("property:")) {
			return "properties." + field.name().substring("property:".length());
		}
		return FIELDS.get(field);
	}

	/** Keyset pagination: what sorts after the marker, with the id breaking ties, so no page skips or repeats. */
	private static Bson after(String sortField, Document marker, boolean ascending) {
		Object value = marker.get(sortField);
		String id = marker.getString("_id");
		Bson beyondValue = ascending ? Filters.gt(sortField, value) : Filters.lt(sortField, value);
		Bson beyondId = ascending ? Filters.gt("_id", id) : Filters.lt("_id", id);
		return Filters.or(beyondValue, Filters.and(Filters.eq(sortField, value), beyondId));
	}

}
