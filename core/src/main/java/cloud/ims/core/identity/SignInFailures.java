package cloud.ims.core.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import reactor.core.publisher.Mono;

/**
 * Failed sign-ins counted per key (a user, a client address) in fixed windows, shared by every gateway replica so
 * that adding replicas adds no attempts.
 */
public interface SignInFailures {

	/** Counts one failure under the key; a window that has ended starts over. Answers the count in the window. */
	Mono<Window> recordFailure(String key, Instant now, Duration window);

	/** The key's current window, if one is open at {@code now}. */
	Mono<Optional<Window>> current(String key, Instant now);

	/** Forgets the key's failures (after a successful sign-in). */
	Mono<Void> clear(String key);

	/** Removes the windows that ended before {@code now}. */
	Mono<Long> purgeEnded(Instant now);

	/** The failures counted since the window began, and when it ends. */
	record Window(long failures, Instant endsAt) {
	}

}
