package cloud.ims.core.operations;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The last known breaker state of every worker instance: each instance writes its own on every transition and at
 * start-up; the gateway reads them all.
 */
public interface BreakerStates {

	/** Replaces what this instance said last about this breaker. */
	Mono<Void> record(BreakerState state);

	Flux<BreakerState> all();

}
