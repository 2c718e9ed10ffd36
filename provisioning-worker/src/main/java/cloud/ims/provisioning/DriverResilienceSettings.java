package cloud.ims.provisioning;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How calls to the VMware Service are protected: retries with back-off for transient failures, and a circuit
 * breaker that fails fast while the service is down. How many run at once is {@code ims.driver.max-in-flight}.
 */
@ConfigurationProperties("ims.driver.resilience")
record DriverResilienceSettings(@DefaultValue("4") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
		@DefaultValue("5s") Duration maxBackoff, @DefaultValue("50") float failureRateThreshold,
		@DefaultValue("20") int slidingWindowSize, @DefaultValue("30s") Duration openStateWait,
		@DefaultValue("3") int halfOpenCalls) {
}
