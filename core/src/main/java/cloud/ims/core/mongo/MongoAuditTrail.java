package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import cloud.ims.core.audit.AuditEntry;
import cloud.ims.core.audit.AuditQuery;
import cloud.ims.core.audit.AuditTrail;
import cloud.ims.core.audit.TraceStatus;
import cloud.ims.core.audit.TraceType;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The audit trail in the {@code audit} collection, one document per trace, keyed by its trace id. A trace keeps its
 * own {@code expiresAt} (a TTL index removes it on MongoDB, {@link #purgeExpired} everywhere) and an
 * {@code unpublished} flag until the audit topic has it (a sparse index keeps that query as small as the backlog on
 * MongoDB).
 */
public final class MongoAuditTrail implements AuditTrail {

	static final String COLLECTION = "audit";

	static final String UNPUBLISHED = "unpublished";

	static final String EXPIRES_AT = "expiresAt";

	private final MongoCollection<Document> traces;

	public MongoAuditTrail(MongoDatabase database) {
		this.traces = database.getCollection(COLLECTION);
	}

	@Override
	public Mono<Void> record(AuditEntry entry, Instant expiresAt) {
		Document document = new Document("_id", entry.traceId()).append("operation", entry.operation())
			.append("traceType", entry.traceType().wireName())
			.append("action", entry.action())
			.append("resourceType", entry.resourceType())
			.append("resourceId", entry.resourceId())
			.append("userId", entry.userId())
			.append("userName", entry.userName())
			.append("projectId", entry.projectId())
			.append("roles", entry.roles())
			.append("sourceIp", entry.sourceIp())
			.append("requestId", entry.requestId())
			.append("responseCode", entry.responseCode())
			.append("errorCode", entry.errorCode())
			.append("status", entry.status().wireName())
			.append("at", BsonValues.date(entry.at()))
			.append("detail", entry.detail())
			.append(EXPIRES_AT, BsonValues.date(expiresAt))
			.append(UNPUBLISHED, true);
		return Mono.from(this.traces.insertOne(document)).then();
	}

	@Override
	public Mono<Void> published(String traceId) {
		return Mono.from(this.traces.updateOne(Filters.eq("_id", traceId), Updates.unset(UNPUBLISHED))).then();
	}

	@Override
	public Flux<AuditEntry> unpublished(Instant recordedBefore, int limit) {
		return Flux.from(this.traces.find(Filters.and(Filters.eq(UNPUBLISHED, true),
				Filters.lt("at", BsonValues.date(recordedBefore))))
			.sort(Sorts.ascending("at", "_id"))
			.limit(limit)).map(MongoAuditTrail::entry);
	}

	@Override
	public Flux<AuditEntry> find(AuditQuery query) {
		Mono<List<Bson>> filters = Mono.fromSupplier(() -> filters(query));
		if (query.marker() != null) {
			filters = filters.zipWith(after(query.marker()), (given, after) -> {
				List<Bson> all = new ArrayList<>(given);
				all.add(after);
				return all;
			});
		}
		return filters.flatMapMany((all) -> this.traces.find(all.isEmpty() ? new Document() : Filters.and(all))
			.sort(Sorts.descending("at", "_id"))
			.limit(query.limit())).map(MongoAuditTrail::entry);
	}

	/** Past the marker in the newest-first order; an unknown marker (expired, or never a trace) ends the list. */
	private Mono<Bson> after(String marker) {
		return Mono.from(this.traces.find(Filters.eq("_id", marker)).first())
			.map((found) -> Filters.or(Filters.lt("at", found.getDate("at")),
					Filters.and(Filters.eq("at", found.getDate("at")), Filters.lt("_id", marker))))
			.defaultIfEmpty(Filters.eq("_id", null));
	}

	private static List<Bson> filters(AuditQuery query) {
		List<Bson> filters = new ArrayList<>();
		equal(filters, "userId", query.userId());
		equal(filters, "userName", query.userName());
		equal(filters, "projectId", query.projectId());
		equal(filters, "operation", query.operation());
		equal(filters, "action", query.action());
		equal(filters, "resourceId", query.resourceId());
		equal(filters, "status", (query.status() != null) ? query.status().wireName() : null);
		if (query.from() != null) {
			filters.add(Filters.gte("at", BsonValues.date(query.from())));
		}
		if (query.to() != null) {
			filters.add(Filters.lt("at", BsonValues.date(query.to())));
		}
		return filters;
	}

	private static void equal(List<Bson> filters, String field, @Nullable String value) {
		if (value != null) {
			filters.add(Filters.eq(field, value));
		}
	}

	@Override
	public Flux<AuditEntry> since(Instant since) {
		return Flux.from(this.traces.find(Filters.gte("at", BsonValues.date(since))).sort(Sorts.ascending("at", "_id")))
			.map(MongoAuditTrail::entry);
	}

	@Override
	public Mono<Long> purgeExpired(Instant now) {
		return Mono.from(this.traces.deleteMany(Filters.lt(EXPIRES_AT, BsonValues.date(now))))
			.map((result) -> result.getDeletedCount());
	}

	private static AuditEntry entry(Document document) {
		Number responseCode = document.get("responseCode", Number.class);
		return new AuditEntry(document.getString("_id"), document.getString("operation"),
				TraceType.ofWireName(document.getString("traceType")), document.getString("action"),
				document.getString("resourceType"), document.getString("resourceId"), document.getString("userId"),
				document.getString("userName"), document.getString("projectId"), BsonValues.strings(document, "roles"),
				document.getString("sourceIp"), document.getString("requestId"),
				(responseCode != null) ? responseCode.intValue() : 0, document.getString("errorCode"),
				TraceStatus.ofWireName(document.getString("status")), BsonValues.requiredInstant(document, "at"),
				document.getString("detail"));
	}

}
