package cloud.ims.messaging.inflight;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OffsetTrackerTests {

	private final OffsetTracker<String> tracker = new OffsetTracker<>();

	@Test
	void acknowledgesOnlyTheContiguousPrefixWhenRecordsFinishOutOfOrder() {
		OffsetTracker.Tracked<String> first = this.tracker.track(10, "ack-10");
		OffsetTracker.Tracked<String> second = this.tracker.track(11, "ack-11");
		OffsetTracker.Tracked<String> third = this.tracker.track(13, "ack-13");

		assertThat(this.tracker.complete(third)).isEmpty();
		assertThat(this.tracker.complete(second)).isEmpty();
		assertThat(this.tracker.complete(first)).isEqualTo(Optional.of("ack-13"));
		assertThat(this.tracker.size()).isZero();
	}

	@Test
	void acknowledgesEachRecordThatFinishesInOrder() {
		OffsetTracker.Tracked<String> first = this.tracker.track(0, "ack-0");
		OffsetTracker.Tracked<String> second = this.tracker.track(1, "ack-1");

		assertThat(this.tracker.complete(first)).contains("ack-0");
		assertThat(this.tracker.complete(second)).contains("ack-1");
	}

	@Test
	void acknowledgesNothingOnceRevoked() {
		OffsetTracker.Tracked<String> first = this.tracker.track(0, "ack-0");
		this.tracker.revoke();

		assertThat(this.tracker.complete(first)).isEmpty();
		assertThat(this.tracker.isRevoked()).isTrue();
	}

	@Test
	void refusesAnOffsetThatIsNotAfterTheLastOne() {
		this.tracker.track(5, "ack-5");

		assertThatIllegalArgumentException().isThrownBy(() -> this.tracker.track(5, "again"));
	}

}
