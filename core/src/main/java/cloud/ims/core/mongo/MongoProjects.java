package cloud.ims.core.mongo;

import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.identity.Project;
import cloud.ims.core.identity.ProjectNameTaken;
import cloud.ims.core.identity.Projects;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Projects in the {@code projects} collection, one document each; a unique index on {@code {domainId, name}} keeps
 * names unique within a domain.
 */
public final class MongoProjects implements Projects {

	static final String COLLECTION = "projects";

	private final MongoCollection<Document> projects;

	public MongoProjects(MongoDatabase database) {
		this.projects = database.getCollection(COLLECTION);
	}

	@Override
	public Mono<Project> create(Project project) {
		return Mono.from(this.projects.insertOne(toDocument(project).append("version", 0L)))
			.onErrorMap(VersionedCollection::isDuplicateKey, (taken) -> new ProjectNameTaken(project.name()))
			.thenReturn(project);
	}

	@Override
	public Mono<Project> find(String projectId) {
		return Mono.from(this.projects.find(Filters.eq("_id", projectId)).first()).map(MongoProjects::fromDocument);
	}

	@Override
	public Mono<Project> findByName(String domainId, String name) {
		return Mono.from(this.projects.find(new Document("domainId", domainId).append("name", name)).first())
			.map(MongoProjects::fromDocument);
	}

	@Override
	public Flux<Project> list(Optional<String> name) {
		Document filter = name.map((wanted) -> new Document("name", wanted)).orElseGet(Document::new);
		return Flux.from(this.projects.find(filter).sort(Sorts.ascending("name", "_id")))
			.map(MongoProjects::fromDocument);
	}

	@Override
	public Mono<Project> update(String projectId, Function<Project, Project> change) {
		return IdentityDocuments.update(this.projects, projectId, MongoProjects::fromDocument,
				MongoProjects::toDocument, change, (changed) -> new ProjectNameTaken(changed.name()));
	}

	@Override
	public Mono<Boolean> delete(String projectId) {
		return Mono.from(this.projects.deleteOne(Filters.eq("_id", projectId)))
			.map((result) -> result.getDeletedCount() == 1);
	}

	static Document toDocument(Project project) {
		return new Document("_id", project.id()).append("name", project.name())
			.append("domainId", project.domainId())
			.append("enabled", project.enabled())
			.append("description", project.description())
			.append("createdAt", BsonValues.date(project.createdAt()));
	}

	static Project fromDocument(Document document) {
		return new Project(document.getString("_id"), document.getString("name"), document.getString("domainId"),
				document.getBoolean("enabled", true), document.get("description", ""),
				BsonValues.requiredInstant(document, "createdAt"));
	}

}
