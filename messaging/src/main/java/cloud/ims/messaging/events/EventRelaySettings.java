package cloud.ims.messaging.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the event relay runs: how often it publishes the events its process's writes hinted at, how often it sweeps
 * the collections for every waiting event (the events other processes recorded), how many documents' events it
 * publishes per round, and how long its lease lasts without a renewal (a dead relay's successor waits that long at
 * most).
 */
@ConfigurationProperties("ims.events.relay")
public record EventRelaySettings(@DefaultValue("200ms") Duration interval, @DefaultValue("200ms") Duration sweepInterval,
		@DefaultValue("200") int batchSize, @DefaultValue("10s") Duration leaseTime) {

	public EventRelaySettings {
		if (interval.isNegative() || interval.isZero() || sweepInterval.compareTo(interval) < 0 || batchSize < 1
				|| leaseTime.compareTo(interval) <= 0) {
			throw new IllegalArgumentException("ims.events.relay needs a positive interval, a sweep-interval at least "
					+ "as long, a batch-size of at least 1 and a lease-time longer than the interval: " + interval + ", "
					+ sweepInterval + ", " + batchSize + ", " + leaseTime);
		}
	}

}
