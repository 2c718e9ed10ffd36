package cloud.ims.core.imports;

import java.util.Optional;

import cloud.ims.core.imports.ThroughputFloor.Shortfall;

/**
 * Judges one download against its {@link ThroughputFloor}: the window is cut into {@value #SLOTS} slots, the bytes of
 * each arrival count in the slot of its arrival, and each time a slot ends, the last whole window (the slot and the
 * ones before it) must hold the floor's bytes. The first window, and so the judging, starts with the download; the
 * last, partial one is never judged. Times are {@link System#nanoTime()} readings. Not thread-safe: one download's
 * arrivals come one at a time.
 */
public final class ThroughputWatch {

	static final int SLOTS = 10;

	private final ThroughputFloor floor;

	private final long start;

	private final long slotNanos;

	private final long[] slots = new long[SLOTS];

	/** The slot arrivals count in now, numbered from the start. */
	private long slot;

	ThroughputWatch(ThroughputFloor floor, long startNanos) {
		this.floor = floor;
		this.start = startNanos;
		this.slotNanos = Math.max(1, floor.window().toNanos() / SLOTS);
	}

	/** Counts bytes that arrived at {@code now}; answers the first whole window before them that fell short. */
	public Optional<Shortfall> received(long bytes, long now) {
		Optional<Shortfall> shortfall = check(now);
		if (shortfall.isEmpty()) {
			this.slots[(int) (this.slot % SLOTS)] += bytes;
		}
		return shortfall;
	}

	/** Judges the windows that ended by {@code now}; answers the first that fell short. */
	public Optional<Shortfall> check(long now) {
		if (this.floor.isNone()) {
			return Optional.empty();
		}
		long current = Math.max(0, (now - this.start) / this.slotNanos);
		while (this.slot < current) {
			if (this.slot >= SLOTS - 1) {
				long delivered = delivered();
				if (delivered < this.floor.bytesPerWindow()) {
					return Optional.of(new Shortfall(delivered, this.floor));
				}
			}
			this.slot++;
			this.slots[(int) (this.slot % SLOTS)] = 0;
		}
		return Optional.empty();
	}

	private long delivered() {
		long sum = 0;
		for (long bytes : this.slots) {
			sum += bytes;
		}
		return sum;
	}

}
