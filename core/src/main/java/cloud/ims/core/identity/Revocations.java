package cloud.ims.core.identity;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The revocations every gateway replica must know. Each is stamped with the database's own clock when recorded, so
 * that replicas can ask for what is new without trusting each other's clocks.
 */
public interface Revocations {

	Mono<Void> record(Revocation revocation);

	/** The revocations recorded at or after {@code recordedSince} (the database's clock), with that time. */
	Flux<Recorded> recordedSince(Instant recordedSince);

	/** Removes the revocations whose tokens have expired anyway; answers how many. */
	Mono<Long> purgeExpired(Instant now);

	/** A revocation and when the database recorded it. */
	record Recorded(Revocation revocation, Instant recordedAt) {
	}

}
