package cloud.ims.core.identity;

import java.util.Optional;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The projects, unique by name within a domain. */
public interface Projects {

	/** Stores a new project; fails with {@link ProjectNameTaken} when its id or its name (in its domain) is taken. */
	Mono<Project> create(Project project);

	Mono<Project> find(String projectId);

	Mono<Project> findByName(String domainId, String name);

	/** All projects, by name; only those of this name when {@code name} is given. */
	Flux<Project> list(Optional<String> name);

	/** Applies the change to the stored project; empty when no such project exists. */
	Mono<Project> update(String projectId, Function<Project, Project> change);

	/** Whether a project was deleted. */
	Mono<Boolean> delete(String projectId);

}
