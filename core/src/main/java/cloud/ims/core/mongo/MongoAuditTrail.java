package cloud.ims.core.mongo;

import java.time.Instant;

import cloud.ims.core.identity.AuditEntry;
import cloud.ims.core.identity.AuditTrail;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.bson.types.ObjectId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The audit trail in the {@code audit} collection, one document per entry, never changed once written. */
public final class MongoAuditTrail implements AuditTrail {

	static final String COLLECTION = "audit";

	private final MongoCollection<Document> entries;

	public MongoAuditTrail(MongoDatabase database) {
		this.entries = database.getCollection(COLLECTION);
	}

	@Override
	public Mono<Void> record(AuditEntry entry) {
		Document document = new Document("_id", new ObjectId()).append("action", entry.action())
			.append("userId", entry.userId())
			.append("projectId", entry.projectId())
			.append("outcome", entry.outcome())
			.append("clientAddress", entry.clientAddress())
			.append("at", BsonValues.date(entry.at()))
			.append("detail", entry.detail());
		return Mono.from(this.entries.insertOne(document)).then();
	}

	@Override
	public Flux<AuditEntry> since(Instant since) {
		return Flux.from(this.entries.find(Filters.gte("at", BsonValues.date(since))).sort(Sorts.ascending("at", "_id")))
			.map((document) -> new AuditEntry(document.getString("action"), document.getString("userId"),
					document.getString("projectId"), document.getString("outcome"), document.getString("clientAddress"),
					BsonValues.requiredInstant(document, "at"), document.getString("detail")));
	}

}
