package cloud.ims.core.identity;

import java.util.Optional;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The users, unique by name within a domain. */
public interface Users extends UserDirectory {

	/** Stores a new user; fails with {@link UserNameTaken} when its domain has a user of that name. */
	Mono<User> create(User user);

	Mono<User> find(String userId);

	Mono<User> findByName(String domainId, String name);

	/** All users, by name; only those of this name when {@code name} is given. */
	Flux<User> list(Optional<String> name);

	/**
	 * Applies the change to the stored user and stores the result (a rename to a taken name fails with
	 * {@link UserNameTaken}); empty when no such user exists.
	 */
	Mono<User> update(String userId, Function<User, User> change);

	/** Whether a user was deleted. */
	Mono<Boolean> delete(String userId);

	@Override
	default Mono<Boolean> isEnabled(String userId) {
		return find(userId).map(User::enabled).defaultIfEmpty(false);
	}

}
