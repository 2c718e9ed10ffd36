package cloud.ims.core.mongo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.identity.credential.AccessKey;
import cloud.ims.core.identity.credential.AccessKeyId;
import cloud.ims.core.identity.credential.AccessKeyRing;
import cloud.ims.core.identity.credential.AccessKeys;
import cloud.ims.core.identity.credential.IssuedAccessKey;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Access keys in the {@code access_keys} collection, one document per key under its id, so that a signed request
 * finds its key by {@code _id}. The unique index on {@code {userId, slot}} is what makes the limit of
 * {@value AccessKeyRing#MAX_KEYS} keys per user hold under concurrent creations: each key takes one of its user's
 * slots in the insert that records it, and an insert into a slot another key took meanwhile fails as a duplicate,
 * so the ring is read again.
 */
public final class MongoAccessKeys implements AccessKeys {

	static final String COLLECTION = "access_keys";

	private static final int MAX_ATTEMPTS = 20;

	private final VersionedCollection<AccessKey> keys;

	private final MongoCollection<Document> collection;

	public MongoAccessKeys(MongoDatabase database) {
		this.collection = database.getCollection(COLLECTION);
		this.keys = new VersionedCollection<>(this.collection, new AccessKeyMapper());
	}

	/** The collection's indexes; idempotent. */
	public Mono<Void> ensureIndexes() {
		return Flux.from(this.collection.createIndexes(List.of(
				new IndexModel(Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name("cas")),
				new IndexModel(Indexes.ascending("userId", "slot"),
						new IndexOptions().unique(true).name("one-key-per-slot")))))
			.then();
	}

	@Override
	public Mono<AccessKey> find(AccessKeyId id) {
		return this.keys.find(id.value());
	}

	@Override
	public Flux<AccessKey> all() {
		return Flux.from(this.collection.find().sort(Sorts.ascending("userId", "createdAt", "_id")))
			.map(new AccessKeyMapper()::fromDocument);
	}

	@Override
	public Flux<AccessKey> ofUser(String userId) {
		return Flux.from(this.collection.find(Filters.eq("userId", userId)).sort(Sorts.ascending("createdAt", "_id")))
			.map(new AccessKeyMapper()::fromDocument);
	}

	@Override
	public Mono<IssuedAccessKey> issue(String userId, Function<AccessKeyRing, IssuedAccessKey> issue) {
		return Mono.defer(() -> ofUser(userId).collectList().flatMap((keys) -> {
			IssuedAccessKey issued = issue.apply(new AccessKeyRing(userId, keys));
			return this.keys.insert(issued.key())
				.thenReturn(issued)
				.onErrorMap(VersionedCollection::isDuplicateKey, (taken) -> new ConcurrentChange(COLLECTION, userId));
		}))
			.retryWhen(Retry.backoff(MAX_ATTEMPTS, Duration.ofMillis(2))
				.maxBackoff(Duration.ofMillis(50))
				.filter(ConcurrentChange.class::isInstance));
	}

	@Override
	public Mono<AccessKey> update(AccessKeyId id, Function<AccessKey, Optional<AccessKey>> change) {
		return this.keys.update(id.value(), change);
	}

	@Override
	public Mono<Boolean> delete(AccessKeyId id) {
		return Mono.from(this.collection.deleteOne(Filters.eq("_id", id.value())))
			.map((result) -> result.getDeletedCount() == 1);
	}

	@Override
	public Mono<Void> recordUse(AccessKeyId id, Instant at) {
		return Mono.from(this.collection.updateOne(Filters.eq("_id", id.value()),
				Updates.max("lastUsedAt", BsonValues.date(at))))
			.then();
	}

}
