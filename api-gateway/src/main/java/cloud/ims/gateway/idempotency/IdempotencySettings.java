package cloud.ims.gateway.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a client token's answer is kept, how long a retry waits for the first request to finish, and how often
 * expired tokens are purged.
 */
@ConfigurationProperties("ims.idempotency")
record IdempotencySettings(@DefaultValue("8h") Duration retention, @DefaultValue("10s") Duration inProgressWait,
		@DefaultValue("10m") Duration purgeInterval) {
}
