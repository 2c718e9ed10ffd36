package cloud.ims.core.mongo;

import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.identity.User;
import cloud.ims.core.identity.UserNameTaken;
import cloud.ims.core.identity.Users;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Users in the {@code users} collection, one document each; a unique index on {@code {domainId, name}} keeps names
 * unique within a domain.
 */
public final class MongoUsers implements Users {

	static final String COLLECTION = "users";

	private final MongoCollection<Document> users;

	public MongoUsers(MongoDatabase database) {
		this.users = database.getCollection(COLLECTION);
	}

	@Override
	public Mono<User> create(User user) {
		return Mono.from(this.users.insertOne(toDocument(user).append("version", 0L)))
			.onErrorMap(VersionedCollection::isDuplicateKey, (taken) -> new UserNameTaken(user.name()))
			.thenReturn(user);
	}

	@Override
	public Mono<User> find(String userId) {
		return Mono.from(this.users.find(Filters.eq("_id", userId)).first()).map(MongoUsers::fromDocument);
	}

	@Override
	public Mono<User> findByName(String domainId, String name) {
		// One plain document: the embedded server uses the unique index only for a filter of exactly its fields.
		return Mono.from(this.users.find(new Document("domainId", domainId).append("name", name)).first())
			.map(MongoUsers::fromDocument);
	}

	@Override
	public Flux<User> list(Optional<String> name) {
		Document filter = name.map((wanted) -> new Document("name", wanted)).orElseGet(Document::new);
		return Flux.from(this.users.find(filter).sort(Sorts.ascending("name", "_id"))).map(MongoUsers::fromDocument);
	}

	@Override
	public Mono<User> update(String userId, Function<User, User> change) {
		return IdentityDocuments.update(this.users, userId, MongoUsers::fromDocument, MongoUsers::toDocument, change,
				(changed) -> new UserNameTaken(changed.name()));
	}

	@Override
	public Mono<Boolean> delete(String userId) {
		return Mono.from(this.users.deleteOne(Filters.eq("_id", userId))).map((result) -> result.getDeletedCount() == 1);
	}

	static Document toDocument(User user) {
		return new Document("_id", user.id()).append("name", user.name())
			.append("domainId", user.domainId())
			.append("passwordHash", user.passwordHash())
			.append("enabled", user.enabled())
			.append("defaultProjectId", user.defaultProjectId())
			.append("description", user.description())
			.append("createdAt", BsonValues.date(user.createdAt()))
			.append("passwordChangedAt", BsonValues.date(user.passwordChangedAt()));
	}

	static User fromDocument(Document document) {
		return new User(document.getString("_id"), document.getString("name"), document.getString("domainId"),
				document.getString("passwordHash"), document.getBoolean("enabled", true),
				document.getString("defaultProjectId"), document.get("description", ""),
				BsonValues.requiredInstant(document, "createdAt"),
				BsonValues.requiredInstant(document, "passwordChangedAt"));
	}

}
