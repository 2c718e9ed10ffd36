package cloud.ims.core.mongo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.Visibility;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
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

	private static final Map<String, String> SORT_FIELDS = Map.of("name", "name", "status", "status", "id", "_id",
			"created_at", "createdAt", "updated_at", "updatedAt", "size", "size", "disk_format", "diskFormat",
			"container_format", "containerFormat");

	private final ImageMapper mapper = new ImageMapper();

	private final VersionedCollection<Image> images;

	public MongoImages(MongoDatabase database) {
		this.images = new VersionedCollection<>(database.getCollection(COLLECTION), this.mapper);
	}

	/** The API's sort keys this store can sort by. */
	public static boolean isSortKey(String key) {
		return SORT_FIELDS.containsKey(key);
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
		String sortField = SORT_FIELDS.getOrDefault(query.sortKey(), "createdAt");
		Mono<Optional<Document>> marker = (query.marker() != null)
				? Mono.from(this.images.collection().find(Filters.eq("_id", query.marker().value())).first())
					.map(Optional::of)
					.defaultIfEmpty(Optional.empty())
				: Mono.just(Optional.empty());
		return marker.flatMapMany((after) -> {
			List<Bson> filters = baseFilters(query);
			after.ifPresent((document) -> filters.add(after(sortField, document, query.ascending())));
			Bson sort = query.ascending() ? Sorts.ascending(sortField, "_id") : Sorts.descending(sortField, "_id");
			return Flux.from(this.images.collection().find(Filters.and(filters)).sort(sort).limit(query.limit()))
				.map(this.mapper::fromDocument);
		});
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
		query.equalTo().forEach((field, value) -> filters.add(Filters.eq(field, value)));
		if (query.nameContains() != null) {
			filters.add(Filters.regex("name", Pattern.quote(query.nameContains())));
		}
		return filters;
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
