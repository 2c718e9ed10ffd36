package cloud.ims.core.event;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Named leases, so that one process of many does a job at a time (the event relay, which keeps each resource's events
 * in order by being their only publisher): a holder renews its lease before it runs out, and another takes it over
 * once it has.
 */
public interface Leases {

	/** Takes or renews the lease for {@code ttl}; answers whether {@code owner} holds it now. */
	Mono<Boolean> acquire(String name, String owner, Duration ttl);

}
