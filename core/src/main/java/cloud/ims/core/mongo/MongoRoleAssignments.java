package cloud.ims.core.mongo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import cloud.ims.core.identity.Role;
import cloud.ims.core.identity.RoleAssignment;
import cloud.ims.core.identity.RoleAssignments;
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
 * Role assignments in the {@code role_assignments} collection, one document per user and project holding that
 * user's roles there: the lookup at every sign-in is a read by {@code _id}, and a grant or a revocation is one
 * atomic update ({@code $addToSet}, {@code $pull}) without a transaction.
 */
public final class MongoRoleAssignments implements RoleAssignments {

	static final String COLLECTION = "role_assignments";

	private final MongoCollection<Document> assignments;

	public MongoRoleAssignments(MongoDatabase database) {
		this.assignments = database.getCollection(COLLECTION);
	}

	@Override
	public Mono<Set<Role>> rolesOf(String userId, String projectId) {
		return Mono.from(this.assignments.find(Filters.eq("_id", id(userId, projectId))).first())
			.map(MongoRoleAssignments::roles)
			.defaultIfEmpty(Set.of());
	}

	@Override
	public Mono<Void> grant(RoleAssignment assignment) {
		return Mono.from(this.assignments.updateOne(Filters.eq("_id", id(assignment.userId(), assignment.projectId())),
				Updates.combine(Updates.set("userId", assignment.userId()),
						Updates.set("projectId", assignment.projectId()),
						Updates.addToSet("roles", assignment.role().wireName())),
				new UpdateOptions().upsert(true)))
			// Two first grants at once: one inserted the document, the other adds its role to it.
			.onErrorResume(VersionedCollection::isDuplicateKey, (raced) -> grant(assignment).then(Mono.empty()))
			.then();
	}

	@Override
	public Mono<Boolean> revoke(RoleAssignment assignment) {
		String id = id(assignment.userId(), assignment.projectId());
		return Mono.from(this.assignments.updateOne(new Document("_id", id).append("roles", assignment.role().wireName()),
				Updates.pull("roles", assignment.role().wireName())))
			.map((result) -> result.getModifiedCount() == 1)
			.flatMap((revoked) -> Mono
				.from(this.assignments.deleteOne(new Document("_id", id).append("roles", List.of())))
				.thenReturn(revoked));
	}

	@Override
	public Mono<Boolean> exists(RoleAssignment assignment) {
		return rolesOf(assignment.userId(), assignment.projectId()).map((roles) -> roles.contains(assignment.role()));
	}

	@Override
	public Flux<RoleAssignment> all() {
		return find(new Document());
	}

	@Override
	public Flux<RoleAssignment> ofUser(String userId) {
		return find(new Document("userId", userId));
	}

	@Override
	public Flux<RoleAssignment> inProject(String projectId) {
		return find(new Document("projectId", projectId));
	}

	@Override
	public Mono<Void> revokeAllOfUser(String userId) {
		return Mono.from(this.assignments.deleteMany(Filters.eq("userId", userId))).then();
	}

	@Override
	public Mono<Void> revokeAllInProject(String projectId) {
		return Mono.from(this.assignments.deleteMany(Filters.eq("projectId", projectId))).then();
	}

	private Flux<RoleAssignment> find(Document filter) {
		return Flux.from(this.assignments.find(filter).sort(Sorts.ascending("_id")))
			.concatMapIterable((document) -> roles(document).stream()
				.sorted()
				.map((role) -> new RoleAssignment(document.getString("userId"), document.getString("projectId"), role))
				.toList());
	}

	private static Set<Role> roles(Document document) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		document.getList("roles", String.class, List.of())
			.forEach((name) -> Role.fromWireName(name).ifPresent(roles::add));
		return Set.copyOf(roles);
	}

	/** Both parts encoded, so that no user id and project id pair can spell another's. */
	private static String id(String userId, String projectId) {
		return URLEncoder.encode(userId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(projectId, StandardCharsets.UTF_8);
	}

}
