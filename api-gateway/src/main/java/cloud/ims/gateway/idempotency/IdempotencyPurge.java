package cloud.ims.gateway.idempotency;

import java.time.Clock;
import java.time.Duration;

import cloud.ims.core.idempotency.IdempotencyRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes expired client-token records. Real MongoDB's TTL index does the same; the embedded MongoDB-protocol
 * server has none, so the gateway does it explicitly. Any gateway instance may run it.
 */
@Component
class IdempotencyPurge {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);

	private final IdempotencyRecords records;

	private final Clock clock;

	IdempotencyPurge(IdempotencyRecords records, Clock clock) {
		this.records = records;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${ims.idempotency.purge-interval:10m}",
			initialDelayString = "${ims.idempotency.purge-interval:10m}")
	void purge() {
		Long purged = this.records.purgeExpired(this.clock.instant()).block(Duration.ofMinutes(1));
		if (purged != null && purged > 0) {
			log.debug("Purged {} expired client tokens", purged);
		}
	}

}
