package cloud.ims.core.mongo;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoDatabase;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates the indexes the stores' queries need; idempotent, so every service can run it at start-up.
 * The unique {@code {_id, version}} indexes look redundant on real MongoDB but make the embedded
 * MongoDB-protocol server use an index for compare-and-set filters, which it otherwise answers by a scan.
 */
public final class MongoIndexes {

	private MongoIndexes() {
	}

	public static Mono<Void> ensure(MongoDatabase database) {
		return Flux.concat(
				create(database, MongoJobs.COLLECTION, List.of(versioned(), waitingEvents(),
						new IndexModel(Indexes.compoundIndex(Indexes.ascending("projectId"), Indexes.descending("createdAt"))),
						new IndexModel(Indexes.ascending("dispatchPending", "createdAt"), new IndexOptions().sparse(true)),
						new IndexModel(Indexes.ascending("status", "updatedAt")),
						// The operations view: jobs accepted, or ended, since a time (an index per branch of its $or).
						new IndexModel(Indexes.ascending("createdAt")), new IndexModel(Indexes.ascending("endTime")))),
				create(database, MongoImages.COLLECTION, List.of(versioned(), waitingEvents(),
						new IndexModel(Indexes.ascending("visibility", "owner", "createdAt")),
						new IndexModel(Indexes.ascending("owner", "name")), new IndexModel(Indexes.ascending("name")),
						new IndexModel(Indexes.ascending("status", "createdAt")),
						new IndexModel(Indexes.ascending("updatedAt")), new IndexModel(Indexes.ascending("tags")),
						// The images shared with a project, by its answer (the third branch of a list's scope).
						new IndexModel(Indexes.ascending(ImageMapper.SHARED_WITH)))),
				create(database, MongoServers.COLLECTION, List.of(versioned(), waitingEvents(),
						new IndexModel(Indexes.ascending("projectId", "created")))),
				create(database, MongoShortlists.COLLECTION, List.of(versioned())),
				create(database, MongoProjectQuotas.COLLECTION, List.of(versioned())),
				create(database, MongoIdempotencyRecords.COLLECTION, List.of(new IndexModel(Indexes.ascending("expiresAt"),
						new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)))),
				create(database, MongoUsers.COLLECTION, List.of(uniqueName())),
				create(database, MongoProjects.COLLECTION, List.of(uniqueName())),
				create(database, MongoRevocations.COLLECTION, List.of(new IndexModel(Indexes.ascending("recordedAt")),
						new IndexModel(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)))),
				create(database, MongoAuditTrail.COLLECTION, List.of(new IndexModel(Indexes.ascending("at")),
						new IndexModel(Indexes.ascending(MongoAuditTrail.EXPIRES_AT),
								new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)),
						new IndexModel(Indexes.ascending(MongoAuditTrail.UNPUBLISHED), new IndexOptions().sparse(true)))),
				create(database, MongoSignInFailures.COLLECTION, List.of(new IndexModel(Indexes.ascending("endsAt"),
						new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)))))
			.then();
	}

	/** Only documents with events waiting have an {@code events.id}: the relay's query stays as small as its backlog. */
	private static IndexModel waitingEvents() {
		return new IndexModel(Indexes.ascending(EventFields.EVENTS + ".id"), new IndexOptions().sparse(true));
	}

	/** Users and projects: a name is unique within its domain. */
	private static IndexModel uniqueName() {
		return new IndexModel(Indexes.ascending("domainId", "name"), new IndexOptions().unique(true).name("name"));
	}

	private static IndexModel versioned() {
		return new IndexModel(Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name("cas"));
	}

	private static Mono<String> create(MongoDatabase database, String collection, List<IndexModel> indexes) {
		return Flux.from(database.getCollection(collection).createIndexes(indexes)).then(Mono.just(collection));
	}

}
