package cloud.ims.core.idempotency;

import java.time.Instant;

import reactor.core.publisher.Mono;

/**
 * The store of client-token records. Claiming is one atomic insert, so that of two concurrent requests with the
 * same token exactly one does the work.
 */
public interface IdempotencyRecords {

	/** Records a new request; answers false when the key is taken (by an earlier or a concurrent request). */
	Mono<Boolean> claim(IdempotencyRecord record);

	Mono<IdempotencyRecord> find(String key);

	Mono<Void> answer(String key, IdempotencyRecord.Answer answer);

	/** Forgets a request that failed in a way worth retrying (a 5xx): the token may be used again. */
	Mono<Void> forget(String key);

	/** Removes expired records; answers how many. */
	Mono<Long> purgeExpired(Instant now);

}
