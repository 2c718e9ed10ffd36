package cloud.ims.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;

import cloud.ims.gateway.ratelimit.RateLimitSettings.ClassLimits;
import cloud.ims.gateway.ratelimit.RateLimitSettings.Limit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RateLimitSettingsTests {

	@Test
	void sizesTheDefaultsForPeopleAndScripts() {
		RateLimitSettings settings = new RateLimitSettings(true, null, null, null, null, Duration.ofMinutes(10),
				Duration.ZERO, 0, Duration.ZERO);

		assertThat(settings.forProject("p1", RequestClass.READS)).isEqualTo(new Limit(100, Duration.ofSeconds(1), 200));
		assertThat(settings.forProject("p1", RequestClass.WRITES)).isEqualTo(new Limit(20, Duration.ofSeconds(1), 40));
		assertThat(settings.forUser(RequestClass.IMPORTS)).isEqualTo(new Limit(5, Duration.ofSeconds(1), 10));
		assertThat(settings.forSignInAddress()).isEqualTo(new Limit(10, Duration.ofSeconds(1), 20));
		assertThat(settings.forSignInUserName()).isEqualTo(new Limit(2, Duration.ofSeconds(1), 4));
	}

	@Test
	void takesAProjectsOverrideFirstAndTheGeneralLimitForWhatItDoesNotSay() {
		Limit slowWrites = new Limit(1, Duration.ofMinutes(1), 3);
		RateLimitSettings settings = new RateLimitSettings(true, new ClassLimits(new Limit(1000, null, 0), null, null),
				null, null, Map.of("slow", new ClassLimits(null, slowWrites, null)), Duration.ofMinutes(10), Duration.ZERO,
				0, Duration.ZERO);

		assertThat(settings.forProject("slow", RequestClass.WRITES)).isEqualTo(slowWrites);
		assertThat(settings.forProject("slow", RequestClass.READS).rate()).isEqualTo(1000);
		assertThat(settings.forProject("other", RequestClass.WRITES).rate()).isEqualTo(20);
		assertThat(settings.forUser(RequestClass.READS).rate()).isEqualTo(100);
	}

	@Test
	void refusesALimitOfNoRequests() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Limit(0, null, 0))
			.withMessageContaining("at least 1");
	}

}
