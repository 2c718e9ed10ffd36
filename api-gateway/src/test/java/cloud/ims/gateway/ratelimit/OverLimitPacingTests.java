package cloud.ims.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import cloud.ims.gateway.ratelimit.RateLimitSettings.Limit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OverLimitPacingTests {

	private static final Scope FLOOD = Scope.project("flood", RequestClass.READS, new Limit(100, null, 0));

	private static final Scope ALICE = Scope.user("alice", RequestClass.READS, new Limit(100, null, 0));

	private final FakeTime time = new FakeTime();

	private final OverLimitPacing pacing = new OverLimitPacing(Duration.ofSeconds(10), this.time);

	@Test
	void leavesAScopeThatNeverWentOverItsLimitItsBurst() {
		for (int i = 0; i < 200; i++) {
			assertThat(this.pacing.turnOf(List.of(FLOOD, ALICE))).isZero();
		}
	}

	@Test
	void spacesTheRequestsOfAScopeThatWasRefusedAtItsRate() {
		this.pacing.refused(FLOOD);

		assertThat(this.pacing.turnOf(List.of(FLOOD, ALICE))).isZero();
		assertThat(this.pacing.turnOf(List.of(FLOOD, ALICE))).isEqualTo(Duration.ofMillis(10));
		assertThat(this.pacing.turnOf(List.of(FLOOD, ALICE))).isEqualTo(Duration.ofMillis(20));
		this.time.advance(Duration.ofMillis(25));
		assertThat(this.pacing.turnOf(List.of(FLOOD, ALICE))).isEqualTo(Duration.ofMillis(5));
		assertThat(this.pacing.turnOf(List.of(ALICE))).isZero();
	}

	@Test
	void keepsPacingWhileTheScopePushesFasterThanItsRateAndStopsOnceItHasKeptUnderItForTheWindow() {
		this.pacing.refused(FLOOD);
		for (int second = 0; second < 30; second++) {
			this.pacing.turnOf(List.of(FLOOD));
			this.pacing.turnOf(List.of(FLOOD));
			this.time.advance(Duration.ofMillis(10));
		}
		assertThat(this.pacing.turnOf(List.of(FLOOD))).isPositive();

		this.time.advance(Duration.ofSeconds(11));

		assertThat(this.pacing.turnOf(List.of(FLOOD))).isZero();
		assertThat(this.pacing.turnOf(List.of(FLOOD))).isZero();
	}

	@Test
	void pacesNothingWhenTurnedOff() {
		OverLimitPacing off = new OverLimitPacing(Duration.ZERO, this.time);

		off.refused(FLOOD);

		assertThat(off.turnOf(List.of(FLOOD))).isZero();
		assertThat(off.turnOf(List.of(FLOOD))).isZero();
	}

}
