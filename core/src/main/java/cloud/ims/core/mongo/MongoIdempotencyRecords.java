package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import cloud.ims.core.idempotency.IdempotencyRecord;
import cloud.ims.core.idempotency.IdempotencyRecords;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.bson.types.Binary;
import reactor.core.publisher.Mono;

/**
 * Client-token records in the {@code idempotency} collection, keyed by project, user and token. Expired records
 * are purged by the gateway (the embedded server has no TTL indexes); real MongoDB also expires them by a TTL index.
 */
public final class MongoIdempotencyRecords implements IdempotencyRecords {

	static final String COLLECTION = "idempotency";

	private final MongoCollection<Document> records;

	public MongoIdempotencyRecords(MongoDatabase database) {
		this.records = database.getCollection(COLLECTION);
	}

	@Override
	public Mono<Boolean> claim(IdempotencyRecord record) {
		Document document = new Document("_id", record.key()).append("fingerprint", record.fingerprint())
			.append("expiresAt", BsonValues.date(record.expiresAt()));
		return Mono.from(this.records.insertOne(document))
			.thenReturn(true)
			.onErrorResume(VersionedCollection::isDuplicateKey, (taken) -> Mono.just(false));
	}

	@Override
	public Mono<IdempotencyRecord> find(String key) {
		return Mono.from(this.records.find(Filters.eq("_id", key)).first()).map(MongoIdempotencyRecords::record);
	}

	@Override
	public Mono<Void> answer(String key, IdempotencyRecord.Answer answer) {
		Document headers = new Document(new LinkedHashMap<>(answer.headers()));
		return Mono.from(this.records.updateOne(Filters.eq("_id", key),
				Updates.set("answer", new Document("status", answer.status()).append("headers", headers)
					.append("body", new Binary(answer.body())))))
			.then();
	}

	@Override
	public Mono<Void> forget(String key) {
		return Mono.from(this.records.deleteOne(Filters.eq("_id", key))).then();
	}

	@Override
	public Mono<Long> purgeExpired(Instant now) {
		return Mono.from(this.records.deleteMany(Filters.lt("expiresAt", BsonValues.date(now))))
			.map((result) -> result.getDeletedCount());
	}

	private static IdempotencyRecord record(Document document) {
		Document answer = document.get("answer", Document.class);
		return new IdempotencyRecord(document.getString("_id"), document.getString("fingerprint"),
				(answer != null) ? answer(answer) : null, BsonValues.requiredInstant(document, "expiresAt"));
	}

	private static IdempotencyRecord.Answer answer(Document answer) {
		Map<String, String> headers = new LinkedHashMap<>();
		answer.get("headers", new Document()).forEach((name, value) -> headers.put(name, String.valueOf(value)));
		return new IdempotencyRecord.Answer(answer.getInteger("status"), headers,
				answer.get("body", Binary.class).getData());
	}

}
