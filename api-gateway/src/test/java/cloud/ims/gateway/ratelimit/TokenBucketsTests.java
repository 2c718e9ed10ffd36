package cloud.ims.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import cloud.ims.gateway.ratelimit.RateLimitSettings.Limit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTests {

	private final FakeTime time = new FakeTime();

	private final TokenBuckets buckets = new TokenBuckets(Duration.ofMinutes(10), this.time);

	private final Limit twentyPerSecond = new Limit(20, null, 0);

	@Test
	void admitsABurstOfTwiceTheRateAndRefusesTheNext() {
		Scope project = Scope.project("p1", RequestClass.WRITES, this.twentyPerSecond);

		for (int i = 0; i < 40; i++) {
			assertThat(this.buckets.take(List.of(project)).admitted()).as("request %d", i + 1).isTrue();
		}
		Admission refused = this.buckets.take(List.of(project));

		assertThat(refused.admitted()).isFalse();
		assertThat(refused.scope()).isEqualTo(project);
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(50));
		assertThat(refused.retryAfterSeconds()).isEqualTo(1);
	}

	@Test
	void refillsAtTheRate() {
		Scope project = Scope.project("p1", RequestClass.WRITES, this.twentyPerSecond);
		drain(project, 40);

		this.time.advance(Duration.ofMillis(500));

		assertThat(drain(project, 100)).isEqualTo(10);
	}

	@Test
	void neverHoldsMoreThanTheBurstHoweverLongItWasIdle() {
		Scope project = Scope.project("p1", RequestClass.WRITES, this.twentyPerSecond);

		this.time.advance(Duration.ofHours(1));

		assertThat(drain(project, 100)).isEqualTo(40);
	}

	@Test
	void saysTheTokensLeftInTheTightestBucket() {
		Scope project = Scope.project("p1", RequestClass.READS, new Limit(100, null, 0));
		Scope user = Scope.user("u1", RequestClass.READS, new Limit(5, null, 10));

		Admission admitted = this.buckets.take(List.of(project, user));

		assertThat(admitted.admitted()).isTrue();
		assertThat(admitted.scope()).isEqualTo(user);
		assertThat(admitted.remaining()).isEqualTo(9);
	}

	@Test
	void givesTheProjectsTokenBackWhenTheUsersBucketRefuses() {
		Scope project = Scope.project("p1", RequestClass.WRITES, new Limit(1, Duration.ofMinutes(1), 10));
		Scope user = Scope.user("u1", RequestClass.WRITES, new Limit(1, Duration.ofMinutes(1), 2));
		drain(List.of(project, user), 2);

		Admission refused = this.buckets.take(List.of(project, user));

		assertThat(refused.admitted()).isFalse();
		assertThat(refused.scope()).isEqualTo(user);
		Scope colleague = Scope.user("u2", RequestClass.WRITES, new Limit(1, Duration.ofMinutes(1), 100));
		assertThat(drain(List.of(project, colleague), 100)).isEqualTo(8);
	}

	@Test
	void keepsEveryProjectsBucketApart() {
		Scope flooding = Scope.project("p1", RequestClass.WRITES, this.twentyPerSecond);
		Scope quiet = Scope.project("p2", RequestClass.WRITES, this.twentyPerSecond);
		drain(flooding, 1000);

		assertThat(this.buckets.take(List.of(quiet)).admitted()).isTrue();
		assertThat(this.buckets.take(List.of(quiet)).remaining()).isEqualTo(38);
	}

	@Test
	void keepsEveryClasssBucketApart() {
		Limit limit = new Limit(1, Duration.ofMinutes(1), 1);
		drain(Scope.project("p1", RequestClass.WRITES, limit), 10);

		assertThat(this.buckets.take(List.of(Scope.project("p1", RequestClass.READS, limit))).admitted()).isTrue();
		assertThat(this.buckets.take(List.of(Scope.project("p1", RequestClass.IMPORTS, limit))).admitted()).isTrue();
	}

	@Test
	void saysHowLongUntilTheNextTokenOfASlowLimit() {
		Scope imports = Scope.project("p1", RequestClass.IMPORTS, new Limit(2, Duration.ofMinutes(1), 2));
		drain(imports, 2);
		this.time.advance(Duration.ofSeconds(10));

		Admission refused = this.buckets.take(List.of(imports));

		assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20));
		assertThat(refused.message()).isEqualTo("Too many imports: project p1 is over its limit of 2 imports per "
				+ "60 seconds (bursts of 2). Retry in 20 seconds (Retry-After), or spread the requests out.");
	}

	private int drain(Scope scope, int attempts) {
		return drain(List.of(scope), attempts);
	}

	private int drain(List<Scope> scopes, int attempts) {
		int admitted = 0;
		for (int i = 0; i < attempts; i++) {
			if (this.buckets.take(scopes).admitted()) {
				admitted++;
			}
		}
		return admitted;
	}

}
