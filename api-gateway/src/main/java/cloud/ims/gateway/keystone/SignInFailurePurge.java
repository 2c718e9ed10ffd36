package cloud.ims.gateway.keystone;

import java.time.Clock;

import cloud.ims.core.identity.SignInFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Removes ended failure windows now and then: the embedded MongoDB-protocol server has no TTL indexes (real
 * MongoDB also expires them by one). Every replica may run it; a removal twice is harmless.
 */
final class SignInFailurePurge {

	private static final Logger log = LoggerFactory.getLogger(SignInFailurePurge.class);

	private final SignInFailures failures;

	private final Clock clock;

	SignInFailurePurge(SignInFailures failures, Clock clock) {
		this.failures = failures;
		this.clock = clock;
	}

	@Scheduled(fixedDelay = 600_000, initialDelay = 600_000)
	void purge() {
		this.failures.purgeEnded(this.clock.instant())
			.onErrorResume((failure) -> {
				log.warn("Cannot purge ended sign-in failure windows: {}", failure.toString());
				return reactor.core.publisher.Mono.empty();
			})
			.subscribe();
	}

}
