package cloud.ims.gateway.ratelimit;

import java.time.Duration;

import io.github.bucket4j.TimeMeter;

/** A clock for the buckets that moves only when a test says so. */
final class FakeTime implements TimeMeter {

	private long nanos = 1_000_000_000L;

	void advance(Duration duration) {
		this.nanos += duration.toNanos();
	}

	@Override
	public long currentTimeNanos() {
		return this.nanos;
	}

	@Override
	public boolean isWallClockBased() {
		return false;
	}

}
