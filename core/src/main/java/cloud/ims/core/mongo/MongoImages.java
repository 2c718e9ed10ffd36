package cloud.ims.core.mongo;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.event.ChangeEvents;
import cloud.ims.core.image.CatalogueListIndex;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Images in the {@code images} collection. With a list index ({@link #withListIndex}), lists choose their page in
 * memory and read only the page's images; the index follows this instance's own writes, and
 * {@link #refresh} and {@link #reload} bring in the changes other processes made.
 */
public final class MongoImages implements Images, CatalogueListIndex {

	static final String COLLECTION = "images";

	/** Extra candidates a page reads, so that an entry that is behind the store does not shorten the page. */
	private static final int SPARE_CANDIDATES = 10;

	private final ImageMapper mapper = new ImageMapper();

	private final VersionedCollection<Image> images;

	private final @Nullable ImageListIndex listIndex;

	private final ChangeEvents events;

	public MongoImages(MongoDatabase database, ChangeEvents events) {
		this(database, events, null);
	}

	private MongoImages(MongoDatabase database, ChangeEvents events, @Nullable ImageListIndex listIndex) {
		this.images = new VersionedCollection<>(database.getCollection(COLLECTION), this.mapper);
		this.events = events;
		this.listIndex = listIndex;
	}

	/** Images whose lists are chosen in memory once {@link #reload} has run. */
	public static MongoImages withListIndex(MongoDatabase database, ChangeEvents events) {
		return new MongoImages(database, events, new ImageListIndex());
	}

	@Override
	public Mono<Image> insertIfAbsent(Image image, Actor actor) {
		return this.images.insertIfAbsent(image, eventOf(actor)).doOnNext(this::index);
	}

	@Override
	public Mono<Image> find(ImageId id) {
		return this.images.find(id.value());
	}

	@Override
	public Mono<Image> update(ImageId id, Function<Image, Optional<Image>> change, Actor actor) {
		return this.images.update(id.value(), change, eventOf(actor)).doOnNext(this::index);
	}

	private VersionedCollection.EventOf<Image> eventOf(Actor actor) {
		return (before, after) -> Optional.of(this.events.image(before, after, actor));
	}

	@Override
	public Mono<Integer> reload() {
		ImageListIndex index = this.listIndex;
		if (index == null) {
			return Mono.just(0);
		}
		// Deleted images are not read: they leave the index, and each would only leave a deletion to remember.
		return Mono.fromSupplier(index::reloading)
			.flatMap((reload) -> Flux.from(this.images.collection()
				.find(Filters.ne("status", ImageStatus.DELETED.wireName()))
				.projection(Projections.include(ImageListIndex.fieldNames())))
				.doOnNext(index::put)
				.count()
				.doOnSuccess((count) -> {
					index.markLoaded();
					index.reloaded(reload);
				}))
			.map(Long::intValue);
	}

	@Override
	public Mono<Void> refresh(ImageId id) {
		ImageListIndex index = this.listIndex;
		if (index == null) {
			return Mono.empty();
		}
		return Mono.from(this.images.collection()
			.find(Filters.eq("_id", id.value()))
			.projection(Projections.include(ImageListIndex.fieldNames()))
			.first()).doOnNext(index::put).then();
	}

	@Override
	public Flux<Image> list(ImageQuery query) {
		return marker(query).flatMapMany((after) -> {
			ImageSelection selection = ImageSelection.of(query, after.orElse(null));
			ImageListIndex index = this.listIndex;
			return (index != null && index.isLoaded())
					? pageFromIndex(index, selection, query.limit(), query.limit() + SPARE_CANDIDATES)
					: pageFromStore(selection, query.limit());
		});
	}

	private Mono<Optional<Document>> marker(ImageQuery query) {
		if (query.marker() == null) {
			return Mono.just(Optional.empty());
		}
		ImageListIndex index = this.listIndex;
		Document indexed = (index != null && index.isLoaded()) ? index.get(query.marker().value()) : null;
		if (indexed != null) {
			return Mono.just(Optional.of(indexed));
		}
		return Mono.from(this.images.collection().find(Filters.eq("_id", query.marker().value())).first())
			.map(Optional::of)
			.switchIfEmpty(Mono.error(() -> new ImsException(Kind.INVALID, "IMS.0400", "marker=" + query.marker()
					+ " is not an image of this list. Use the id of the last image of a page.")));
	}

	/**
	 * Chooses the page in memory, reads its images and checks them again against the selection (an index entry may
	 * be behind the store), in the list's order. Reads more candidates while some fail the check, so that the page is
	 * full whenever the list goes on.
	 */
	private Flux<Image> pageFromIndex(ImageListIndex index, ImageSelection selection, int limit, int candidates) {
		List<String> ids = index.select(selection, candidates);
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return Flux.from(this.images.collection().find(Filters.in("_id", ids)))
			.doOnNext(index::put)
			.filter(selection.predicate())
			.collectSortedList(selection.order())
			.flatMapMany((documents) -> (documents.size() < limit && ids.size() == candidates)
					? pageFromIndex(index, selection, limit, candidates * 2)
					: Flux.fromIterable(documents.subList(0, Math.min(limit, documents.size())))
						.map(this.mapper::fromDocument));
	}

	/**
	 * Finds the page in two steps: the matching ids with their sort keys (small documents), sorted and cut here, then
	 * the page's images by id. The embedded MongoDB-protocol server sorts whole documents slowly and uses no secondary
	 * index, so this halves a page's time there; on real MongoDB both steps use indexes.
	 */
	private Flux<Image> pageFromStore(ImageSelection selection, int limit) {
		return Flux.from(this.images.collection()
			.find(selection.filter())
			.projection(Projections.include(selection.sortFields())))
			.collectSortedList(selection.order())
			.flatMapMany((keys) -> {
				List<String> ids = keys.stream().limit(limit).map((key) -> key.getString("_id")).toList();
				if (ids.isEmpty()) {
					return Flux.empty();
				}
				return Flux.from(this.images.collection().find(Filters.in("_id", ids)))
					.collectSortedList(selection.order())
					.flatMapIterable(Function.identity());
			})
			.map(this.mapper::fromDocument);
	}

	private void index(Image image) {
		ImageListIndex index = this.listIndex;
		if (index != null) {
			index.put(this.mapper.toDocument(image));
		}
	}

}
