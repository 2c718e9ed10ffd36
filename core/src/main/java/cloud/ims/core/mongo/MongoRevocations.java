package cloud.ims.core.mongo;

import java.time.Instant;

import cloud.ims.core.identity.Revocation;
import cloud.ims.core.identity.Revocations;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Revocations in the {@code revocations} collection, one document per revoked token or user. {@code recordedAt} is
 * set by the database ({@code $currentDate}) so that the replicas polling it compare times of one clock. Expired
 * ones are purged by the gateway; real MongoDB also expires them by a TTL index.
 */
public final class MongoRevocations implements Revocations {

	static final String COLLECTION = "revocations";

	private final MongoCollection<Document> revocations;

	public MongoRevocations(MongoDatabase database) {
		this.revocations = database.getCollection(COLLECTION);
	}

	@Override
	public Mono<Void> record(Revocation revocation) {
		String id = revocation.kind().name().toLowerCase() + ":" + revocation.subject();
		return Mono.from(this.revocations.updateOne(Filters.eq("_id", id),
				Updates.combine(Updates.set("kind", revocation.kind().name()), Updates.set("subject", revocation.subject()),
						Updates.set("at", BsonValues.date(revocation.at())),
						Updates.set("expiresAt", BsonValues.date(revocation.expiresAt())),
						Updates.currentDate("recordedAt")),
				new UpdateOptions().upsert(true)))
			.then();
	}

	@Override
	public Flux<Recorded> recordedSince(Instant recordedSince) {
		return Flux.from(this.revocations.find(Filters.gte("recordedAt", BsonValues.date(recordedSince)))
			.sort(Sorts.ascending("recordedAt")))
			.map((document) -> new Recorded(
					new Revocation(Revocation.Kind.valueOf(document.getString("kind")), document.getString("subject"),
							BsonValues.requiredInstant(document, "at"), BsonValues.requiredInstant(document, "expiresAt")),
					BsonValues.requiredInstant(document, "recordedAt")));
	}

	@Override
	public Mono<Long> purgeExpired(Instant now) {
		return Mono.from(this.revocations.deleteMany(Filters.lt("expiresAt", BsonValues.date(now))))
			.map((result) -> result.getDeletedCount());
	}

}
