package cloud.ims.core.mongo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import cloud.ims.core.event.Leases;
import com.mongodb.MongoCommandException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import reactor.core.publisher.Mono;

/**
 * Leases in the {@code leases} collection, one document each: taken by an upsert that matches only a lease that is
 * the caller's or has run out, so that a live holder's lease makes the taker's insert fail on the duplicate id.
 */
public final class MongoLeases implements Leases {

	static final String COLLECTION = "leases";

	private final MongoCollection<Document> leases;

	private final Clock clock;

	public MongoLeases(MongoDatabase database, Clock clock) {
		this.leases = database.getCollection(COLLECTION);
		this.clock = clock;
	}

	/** A lease another holds and that has not run out is answered by a read: only a possible taker writes. */
	@Override
	public Mono<Boolean> acquire(String name, String owner, Duration ttl) {
		Instant now = this.clock.instant();
		return Mono.from(this.leases.find(Filters.eq("_id", name)).first())
			.filter((lease) -> !owner.equals(lease.getString("owner"))
					&& lease.getDate("until").toInstant().isAfter(now))
			.map((heldByAnother) -> false)
			.switchIfEmpty(Mono.defer(() -> take(name, owner, now, ttl)));
	}

	private Mono<Boolean> take(String name, String owner, Instant now, Duration ttl) {
		return Mono.from(this.leases.findOneAndUpdate(
				Filters.and(Filters.eq("_id", name),
						Filters.or(Filters.eq("owner", owner), Filters.lt("until", BsonValues.date(now)))),
				Updates.combine(Updates.set("owner", owner), Updates.set("until", BsonValues.date(now.plus(ttl)))),
				new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)))
			.map((lease) -> owner.equals(lease.getString("owner")))
			.onErrorResume((error) -> VersionedCollection.isDuplicateKey(error) || isDuplicateKeyCommand(error),
					(taken) -> Mono.just(false));
	}

	private static boolean isDuplicateKeyCommand(Throwable error) {
		return error instanceof MongoCommandException command && command.getErrorCode() == 11000;
	}

}
