package cloud.ims.core.identity.credential;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The permanent access keys of all users. */
public interface AccessKeys {

	Mono<AccessKey> find(AccessKeyId id);

	/** Every user's keys, by user and age. */
	Flux<AccessKey> all();

	/** The user's keys, oldest first. */
	Flux<AccessKey> ofUser(String userId);

	/**
	 * Records the key {@code issue} makes from the user's ring as it is; when another key took its slot (or its id)
	 * meanwhile, {@code issue} is applied again to the ring as it is then, and may refuse.
	 */
	Mono<IssuedAccessKey> issue(String userId, Function<AccessKeyRing, IssuedAccessKey> issue);

	/** Applies the change with a compare-and-set; the key as it is afterwards, empty when there is no such key. */
	Mono<AccessKey> update(AccessKeyId id, Function<AccessKey, Optional<AccessKey>> change);

	/** Deletes the key; answers whether there was one. */
	Mono<Boolean> delete(AccessKeyId id);

	/** Notes that the key signed an accepted request at {@code at} (a later time only ever replaces an earlier one). */
	Mono<Void> recordUse(AccessKeyId id, Instant at);

}
