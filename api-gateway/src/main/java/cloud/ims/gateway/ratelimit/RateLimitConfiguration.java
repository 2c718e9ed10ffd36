package cloud.ims.gateway.ratelimit;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The rate limits' filter, with the buckets on the system's monotonic clock. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	RateLimits rateLimits(RateLimitSettings settings, JsonMapper json, MeterRegistry meters) {
		return new RateLimits(settings, TimeMeter.SYSTEM_NANOTIME, new SignInNames(json), meters);
	}

}
