package cloud.ims.gateway.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a job counts as stalled (no change for {@code stallTimeout}), how often the watchdog looks, and how many times
 * it resumes a stalled job before it ends it in FAIL.
 */
@ConfigurationProperties("ims.watchdog")
record WatchdogSettings(@DefaultValue("30s") Duration interval, @DefaultValue("10m") Duration stallTimeout,
		@DefaultValue("2") int maxResumes, @DefaultValue("500") int batchSize) {
}
