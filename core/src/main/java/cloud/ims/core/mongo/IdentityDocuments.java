package cloud.ims.core.mongo;

import java.time.Duration;
import java.util.function.Function;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The read-change-write of users and projects: the document is replaced only if its {@code version} is still the
 * one read (a compare-and-set, as every other store does), a duplicate name becomes the caller's exception.
 */
final class IdentityDocuments {

	private IdentityDocuments() {
	}

	static <T> Mono<T> update(MongoCollection<Document> collection, String id, Function<Document, T> fromDocument,
			Function<T, Document> toDocument, Function<T, T> change, Function<T, RuntimeException> duplicate) {
		return Mono.defer(() -> Mono.from(collection.find(Filters.eq("_id", id)).first()).flatMap((stored) -> {
			long version = stored.get("version", 0L);
			T changed = change.apply(fromDocument.apply(stored));
			Document next = toDocument.apply(changed).append("version", version + 1);
			return Mono.from(collection.replaceOne(VersionedCollection.casFilter(id, version), next))
				.onErrorMap(VersionedCollection::isDuplicateKey, (taken) -> duplicate.apply(changed))
				.flatMap((result) -> (result.getMatchedCount() == 1) ? Mono.just(changed)
						: Mono.error(new ConcurrentChange(collection.getNamespace().getCollectionName(), id)));
		}))
			.retryWhen(Retry.backoff(20, Duration.ofMillis(2))
				.maxBackoff(Duration.ofMillis(100))
				.filter(ConcurrentChange.class::isInstance));
	}

}
