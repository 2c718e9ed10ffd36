package cloud.ims.core.mongo;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A collection of versioned entities where every change is a single-document compare-and-set on
 * {@code {_id, version}}: read, let the domain decide the transition, replace if nobody changed it meanwhile.
 * MongoDB offers no multi-document transactions here, so every state change is designed to fit one document.
 */
final class VersionedCollection<T> {

	private static final int MAX_ATTEMPTS = 50;

	private final MongoCollection<Document> collection;

	private final DocumentMapper<T> mapper;

	VersionedCollection(MongoCollection<Document> collection, DocumentMapper<T> mapper) {
		this.collection = collection;
		this.mapper = mapper;
	}

	MongoCollection<Document> collection() {
		return this.collection;
	}

	Mono<T> insert(T entity) {
		return Mono.from(this.collection.insertOne(this.mapper.toDocument(entity))).thenReturn(entity);
	}

	Mono<T> insertIfAbsent(T entity) {
		return insert(entity).onErrorResume(VersionedCollection::isDuplicateKey,
				(duplicate) -> find(this.mapper.id(entity)));
	}

	Mono<T> find(String id) {
		return Mono.from(this.collection.find(Filters.eq("_id", id)).first()).map(this.mapper::fromDocument);
	}

	Mono<T> update(String id, Function<T, Optional<T>> change) {
		return Mono.defer(() -> find(id).flatMap((current) -> change.apply(current)
			.map((changed) -> replace(current, changed))
			.orElseGet(() -> Mono.just(current))))
			.retryWhen(Retry.backoff(MAX_ATTEMPTS, Duration.ofMillis(2))
				.maxBackoff(Duration.ofMillis(100))
				.filter(ConcurrentChange.class::isInstance));
	}

	/**
	 * Like {@link #update}, trying the change on {@code known} first: one write when nobody changed the entity since
	 * it was read, the usual read-and-retry otherwise (and when the change has nothing to do on {@code known}, whose
	 * state may be behind).
	 */
	Mono<T> update(T known, Function<T, Optional<T>> change) {
		String id = this.mapper.id(known);
		return Mono.defer(() -> change.apply(known)
			.map((changed) -> replace(known, changed)
				.onErrorResume(ConcurrentChange.class::isInstance, (conflict) -> update(id, change)))
			.orElseGet(() -> update(id, change)));
	}

	/**
	 * Like {@link #update}, for entities that exist implicitly: a missing document starts as {@code initial} and is
	 * inserted by the first change (a racing insert is retried as a concurrent change).
	 */
	Mono<T> upsert(String id, Supplier<T> initial, Function<T, Optional<T>> change) {
		return Mono.defer(() -> find(id).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap((stored) -> {
			T current = stored.orElseGet(initial);
			Optional<T> changed = change.apply(current);
			if (changed.isEmpty()) {
				return Mono.just(current);
			}
			if (stored.isPresent()) {
				return replace(current, changed.get());
			}
			T first = this.mapper.withVersion(changed.get(), 1);
			return insert(first).onErrorMap(VersionedCollection::isDuplicateKey,
					(duplicate) -> new ConcurrentChange(this.collection.getNamespace().getCollectionName(), id));
		}))
			.retryWhen(Retry.backoff(MAX_ATTEMPTS, Duration.ofMillis(2))
				.maxBackoff(Duration.ofMillis(100))
				.filter(ConcurrentChange.class::isInstance));
	}

	private Mono<T> replace(T current, T changed) {
		long version = this.mapper.version(current);
		T next = this.mapper.withVersion(changed, version + 1);
		String id = this.mapper.id(current);
		return Mono
			.from(this.collection.replaceOne(casFilter(id, version), this.mapper.toDocument(next)))
			.flatMap((result) -> (result.getMatchedCount() == 1) ? Mono.just(next)
					: Mono.error(new ConcurrentChange(this.collection.getNamespace().getCollectionName(), id)));
	}

	/**
	 * {@code {_id, version}} as one plain document: the embedded MongoDB-protocol server uses the unique
	 * {@code {_id, version}} index only for a filter with exactly those fields, and the driver writes
	 * {@code Filters.and} as an {@code $and} array, which made every compare-and-set scan the whole collection.
	 */
	static Bson casFilter(String id, long version) {
		return new Document("_id", id).append("version", version);
	}

	static boolean isDuplicateKey(Throwable error) {
		return error instanceof MongoWriteException write
				&& write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
	}

}
