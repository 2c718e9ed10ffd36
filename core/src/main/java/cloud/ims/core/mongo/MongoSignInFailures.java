package cloud.ims.core.mongo;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import cloud.ims.core.identity.SignInFailures;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import reactor.core.publisher.Mono;

/**
 * Failure windows in the {@code sign_in_failures} collection, one document per key: counting is one atomic
 * {@code $inc} on an open window, and a new window replaces an ended one only if nobody renewed it first.
 */
public final class MongoSignInFailures implements SignInFailures {

	static final String COLLECTION = "sign_in_failures";

	private final MongoCollection<Document> windows;

	public MongoSignInFailures(MongoDatabase database) {
		this.windows = database.getCollection(COLLECTION);
	}

	@Override
	public Mono<Window> recordFailure(String key, Instant now, Duration window) {
		return Mono.from(this.windows.findOneAndUpdate(Filters.and(Filters.eq("_id", key), Filters.gt("endsAt", BsonValues.date(now))),
				Updates.inc("failures", 1L), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
			.map(MongoSignInFailures::window)
			.switchIfEmpty(Mono.defer(() -> startWindow(key, now, window)));
	}

	private Mono<Window> startWindow(String key, Instant now, Duration window) {
		Instant endsAt = now.plus(window);
		// Replaces an ended window, or inserts the first; a concurrent start makes this a duplicate key, then count again.
		return Mono.from(this.windows.replaceOne(Filters.and(Filters.eq("_id", key), Filters.lte("endsAt", BsonValues.date(now))),
				new Document("_id", key).append("failures", 1L).append("endsAt", BsonValues.date(endsAt)),
				new ReplaceOptions().upsert(true)))
			.map((result) -> new Window(1, endsAt))
			.onErrorResume(VersionedCollection::isDuplicateKey, (raced) -> recordFailure(key, now, window));
	}

	@Override
	public Mono<Optional<Window>> current(String key, Instant now) {
		return Mono.from(this.windows.find(Filters.eq("_id", key)).first())
			.map(MongoSignInFailures::window)
			.filter((window) -> window.endsAt().isAfter(now))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
	}

	@Override
	public Mono<Void> clear(String key) {
		return Mono.from(this.windows.deleteOne(Filters.eq("_id", key))).then();
	}

	@Override
	public Mono<Long> purgeEnded(Instant now) {
		return Mono.from(this.windows.deleteMany(Filters.lt("endsAt", BsonValues.date(now))))
			.map((result) -> result.getDeletedCount());
	}

	private static Window window(Document document) {
		return new Window(document.get("failures", Number.class).longValue(), BsonValues.requiredInstant(document, "endsAt"));
	}

}
