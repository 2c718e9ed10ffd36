package cloud.ims.core.mongo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import cloud.ims.core.event.PendingEvent;
import cloud.ims.core.event.WaitingEventHints;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A collection of versioned entities where every change is a single-document compare-and-set on
 * {@code {_id, version}}: read, let the domain decide the transition, write it if nobody changed it meanwhile, with
 * the event that reports it in the same write. MongoDB offers no multi-document transactions here, so every state
 * change is designed to fit one document.
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
		return insert(entity, EventOf.none());
	}

	/** Inserts the entity with the event of its creation, in one write. */
	Mono<T> insert(T entity, EventOf<T> eventOf) {
		Document document = this.mapper.toDocument(entity);
		Optional<PendingEvent> event = eventOf.of(null, entity);
		event.ifPresent((created) -> document.append(EventFields.EVENTS, List.of(EventFields.toDocument(created)))
			.append(EventFields.SEQUENCE, 1L));
		return Mono.from(this.collection.insertOne(document))
			.doOnNext((inserted) -> event.ifPresent((recorded) -> hint(this.mapper.id(entity))))
			.thenReturn(entity);
	}

	Mono<T> insertIfAbsent(T entity) {
		return insertIfAbsent(entity, EventOf.none());
	}

	Mono<T> insertIfAbsent(T entity, EventOf<T> eventOf) {
		return insert(entity, eventOf).onErrorResume(VersionedCollection::isDuplicateKey,
				(duplicate) -> find(this.mapper.id(entity)));
	}

	Mono<T> find(String id) {
		return Mono.from(this.collection.find(Filters.eq("_id", id)).first()).map(this.mapper::fromDocument);
	}

	Mono<T> update(String id, Function<T, Optional<T>> change) {
		return update(id, change, EventOf.none());
	}

	/** Like {@link #update(String, Function)}, recording the change's event in the same write. */
	Mono<T> update(String id, Function<T, Optional<T>> change, EventOf<T> eventOf) {
		return Mono.defer(() -> find(id).flatMap((current) -> change.apply(current)
			.map((changed) -> replace(current, changed, eventOf))
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
	Mono<T> update(T known, Function<T, Optional<T>> change, EventOf<T> eventOf) {
		String id = this.mapper.id(known);
		return Mono.defer(() -> change.apply(known)
			.map((changed) -> replace(known, changed, eventOf)
				.onErrorResume(ConcurrentChange.class::isInstance, (conflict) -> update(id, change, eventOf)))
			.orElseGet(() -> update(id, change, eventOf)));
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
				return replace(current, changed.get(), EventOf.none());
			}
			T first = this.mapper.withVersion(changed.get(), 1);
			return insert(first).onErrorMap(VersionedCollection::isDuplicateKey,
					(duplicate) -> new ConcurrentChange(this.collection.getNamespace().getCollectionName(), id));
		}))
			.retryWhen(Retry.backoff(MAX_ATTEMPTS, Duration.ofMillis(2))
				.maxBackoff(Duration.ofMillis(100))
				.filter(ConcurrentChange.class::isInstance));
	}

	/**
	 * The compare-and-set: the fields that changed are set, those gone unset, and the event is appended to the
	 * document's waiting events with its sequence counted on, all in one update. The events are never rewritten
	 * whole, so that the relay's removal of published ones, which changes no version, is never undone.
	 */
	private Mono<T> replace(T current, T changed, EventOf<T> eventOf) {
		long version = this.mapper.version(current);
		T next = this.mapper.withVersion(changed, version + 1);
		String id = this.mapper.id(current);
		Bson update = Updates.combine(fieldChanges(this.mapper.toDocument(current), this.mapper.toDocument(next)));
		Optional<PendingEvent> event = eventOf.of(current, next);
		if (event.isPresent()) {
			update = Updates.combine(update, Updates.push(EventFields.EVENTS, EventFields.toDocument(event.get())),
					Updates.inc(EventFields.SEQUENCE, 1L));
		}
		return Mono.from(this.collection.updateOne(casFilter(id, version), update)).flatMap((result) -> {
			if (result.getMatchedCount() != 1) {
				return Mono.error(new ConcurrentChange(this.collection.getNamespace().getCollectionName(), id));
			}
			event.ifPresent((recorded) -> hint(id));
			return Mono.just(next);
		});
	}

	private void hint(String id) {
		WaitingEventHints.note(this.collection.getNamespace().getCollectionName(), id);
	}

	private static List<Bson> fieldChanges(Document before, Document after) {
		List<Bson> changes = new ArrayList<>();
		after.forEach((field, value) -> {
			if (!field.equals("_id") && !Objects.equals(before.get(field), value)) {
				changes.add(Updates.set(field, value));
			}
		});
		before.keySet().stream().filter((field) -> !after.containsKey(field)).forEach((field) -> changes.add(Updates.unset(field)));
		return changes;
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

	/** The event a change of an entity publishes, if any; {@code before} is null for a creation. */
	@FunctionalInterface
	interface EventOf<T> {

		Optional<PendingEvent> of(@Nullable T before, T after);

		static <T> EventOf<T> none() {
			return (before, after) -> Optional.empty();
		}

	}

}
