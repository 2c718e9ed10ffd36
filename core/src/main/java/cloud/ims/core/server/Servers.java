package cloud.ims.core.server;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.Changed;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every ECS. Each change is one atomic compare-and-set on the server's version that records, in the same write, the
 * event reporting it on behalf of the actor.
 */
public interface Servers {

	/** Inserts the server unless one with its id exists; answers the stored one either way. */
	Mono<Server> insertIfAbsent(Server server, Actor actor);

	Mono<Server> find(ServerId id);

	/** The stored ECSs among these ids, in any order, whatever their project; ids not stored are left out. */
	Flux<Server> findAll(Collection<ServerId> ids);

	/** Inserts a batch in one round trip; those that exist already are left as they are. */
	Mono<Void> insertAll(List<Server> servers, Actor actor);

	/** The stored ECS, or this one inserted when there is none yet: for consumers, which usually find it. */
	default Mono<Server> findOrInsert(Server server, Actor actor) {
		return find(server.id()).switchIfEmpty(Mono.defer(() -> insertIfAbsent(server, actor)));
	}

	/** The project's ECS; empty for another project's or a deleted one, so that ids cannot be probed. */
	default Mono<Server> findInProject(ServerId id, String projectId) {
		return find(id).filter((server) -> server.projectId().equals(projectId)
				&& server.status() != ServerStatus.DELETED);
	}

	Flux<Server> list(ServerQuery query);

	/** How many of the project's ECSs match the query's filters, ignoring paging. */
	Mono<Long> count(ServerQuery query);

	Mono<Server> update(ServerId id, Function<Server, Optional<Server>> change, Actor actor);

	/**
	 * Like {@link #update}, starting from a version of the ECS the caller has just read: when nobody changed it
	 * since, the change costs one write and no read.
	 */
	default Mono<Server> update(Server known, Function<Server, Optional<Server>> change, Actor actor) {
		return update(known.id(), change, actor);
	}

	/**
	 * Like {@link #update}, answering the transition only when this call made it (empty for a replay), so that its
	 * consequences (a released quota) happen once.
	 */
	default Mono<Changed<Server>> transition(ServerId id, Function<Server, Optional<Server>> change, Actor actor) {
		AtomicReference<Server> changedFrom = new AtomicReference<>();
		return update(id, (current) -> {
			Optional<Server> next = change.apply(current);
			changedFrom.set(next.isPresent() ? current : null);
			return next;
		}, actor).filter((server) -> changedFrom.get() != null).map((server) -> new Changed<>(changedFrom.get(), server));
	}

}
