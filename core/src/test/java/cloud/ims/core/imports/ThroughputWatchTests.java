package cloud.ims.core.imports;

import java.time.Duration;
import java.util.Optional;

import cloud.ims.core.imports.ThroughputFloor.Shortfall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ThroughputWatchTests {

	private static final long MS = 1_000_000;

	private static final long START = 5_000 * MS;

	/** 100 bytes a second over 10 s: 1000 bytes per window, judged every second. */
	private final ThroughputFloor floor = new ThroughputFloor(100, Duration.ofSeconds(10));

	@Test
	void aSourceAtTheFloorIsNeverShort() {
		ThroughputWatch watch = this.floor.watch(START);
		for (long ms = 0; ms < 60_000; ms += 100) {
			assertThat(watch.received(10, START + ms * MS)).isEmpty();
		}
	}

	@Test
	void nothingIsJudgedBeforeAWholeWindow() {
		ThroughputWatch watch = this.floor.watch(START);

		assertThat(watch.received(1, START + 9_999 * MS)).isEmpty();
		assertThat(watch.check(START + 10_000 * MS)).contains(new Shortfall(1, this.floor));
	}

	@Test
	void aSlowSourceIsEndedAtTheEndOfItsFirstWindowWithWhatItDelivered() {
		ThroughputWatch watch = this.floor.watch(START);
		Optional<Shortfall> shortfall = Optional.empty();
		long ms = 0;
		// 5 bytes every 100 ms: half the floor.
		while (shortfall.isEmpty() && ms < 60_000) {
			ms += 100;
			shortfall = watch.received(5, START + ms * MS);
		}

		assertThat(ms).isEqualTo(10_000);
		assertThat(shortfall.orElseThrow().delivered()).isEqualTo(495);
		assertThat(shortfall.orElseThrow().bytesPerSecond()).isEqualTo(49);
	}

	@Test
	void everyWindowIsJudgedNotOnlyTheFirstOne() {
		ThroughputWatch watch = this.floor.watch(START);
		// A fast start: 5000 bytes in the first second, then 10 bytes a second.
		assertThat(watch.received(5000, START + 500 * MS)).isEmpty();
		Optional<Shortfall> shortfall = Optional.empty();
		long second = 1;
		while (shortfall.isEmpty() && second < 60) {
			shortfall = watch.received(10, START + second * 1000 * MS);
			second++;
		}

		// The window from 1 s to 11 s holds only the slow bytes: judged at the first arrival after it.
		assertThat(second - 1).isEqualTo(11);
		assertThat(shortfall.orElseThrow().delivered()).isEqualTo(100);
	}

	@Test
	void aSourceSilentForLongerThanAWindowIsShortAtTheNextArrival() {
		ThroughputWatch watch = this.floor.watch(START);
		assertThat(watch.received(2000, START + 100 * MS)).isEmpty();

		Optional<Shortfall> shortfall = watch.received(1_000_000, START + 3_600_000 * MS);

		// The first window holds the 2000 bytes; the one after it, ending at 11 s, none.
		assertThat(shortfall).contains(new Shortfall(0, this.floor));
	}

	@Test
	void aBurstAfterAShortWindowDoesNotMakeUpForIt() {
		ThroughputWatch watch = this.floor.watch(START);
		assertThat(watch.received(10, START + 9_000 * MS)).isEmpty();

		assertThat(watch.received(10_000, START + 10_500 * MS)).isPresent();
	}

	@Test
	void noFloorIsNeverShort() {
		ThroughputWatch watch = new ThroughputFloor(0, Duration.ofSeconds(1)).watch(START);

		assertThat(watch.check(START + 3_600_000 * MS)).isEmpty();
		assertThat(new ThroughputFloor(0, Duration.ofSeconds(1)).isNone()).isTrue();
	}

	@Test
	void theMessageNamesTheRateTheFloorAndWhatToDo() {
		String message = new Shortfall(30 * 1024 * 60, new ThroughputFloor(1024 * 1024, Duration.ofSeconds(60)))
			.message();

		assertThat(message).contains("30.0 KB/s")
			.contains("1.0 MB/s")
			.contains("60 s")
			.contains("ims.import.min-throughput")
			.contains("faster source")
			.contains("operator");
		assertThat(ThroughputFloor.rate(12)).isEqualTo("12 B/s");
	}

	@Test
	void refusesANegativeFloorAndAWindowUnderASecond() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ThroughputFloor(-1, Duration.ofSeconds(60)))
			.withMessageContaining("ims.import.min-throughput");
		assertThatIllegalArgumentException().isThrownBy(() -> new ThroughputFloor(1, Duration.ofMillis(999)))
			.withMessageContaining("ims.import.min-throughput-window");
	}

}
