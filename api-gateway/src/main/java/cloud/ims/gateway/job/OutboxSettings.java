package cloud.ims.gateway.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox relay runs: how often, how old an unsent command must be before it takes over (so that it
 * does not race the first send), and how many it sends per round.
 */
@ConfigurationProperties("ims.outbox")
record OutboxSettings(@DefaultValue("2s") Duration relayInterval, @DefaultValue("3s") Duration grace,
		@DefaultValue("200") int batchSize) {
}
