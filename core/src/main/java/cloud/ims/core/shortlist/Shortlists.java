package cloud.ims.core.shortlist;

import java.util.Optional;
import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * Every user's frequently used images.
 */
public interface Shortlists {

	/** The user's list; an empty one for a user who never added an image. */
	Mono<Shortlist> find(String userId);

	Mono<Shortlist> update(String userId, Function<Shortlist, Optional<Shortlist>> change);

}
