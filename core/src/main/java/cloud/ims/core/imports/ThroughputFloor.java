package cloud.ims.core.imports;

import java.time.Duration;
import java.util.Locale;

/**
 * The least an import source must deliver: on average {@code bytesPerSecond} over every {@code window} of its
 * download (a sliding window, judged every tenth of it). A source below it would hold one of the image-worker's
 * slots for hours; it is ended with {@link #CODE} instead. A floor of 0 bytes per second is none.
 */
public record ThroughputFloor(long bytesPerSecond, Duration window) {

	/** The job error of an import whose source is below the floor. */
	public static final String CODE = "IMG.0428";

	/** The shortest window: the floor is about sources, not about a network's hiccups. */
	static final Duration SHORTEST_WINDOW = Duration.ofSeconds(1);

	public ThroughputFloor {
		if (bytesPerSecond < 0) {
			throw new IllegalArgumentException("ims.import.min-throughput must be 0 (none) or positive, not "
					+ bytesPerSecond + " bytes");
		}
		if (window.compareTo(SHORTEST_WINDOW) < 0) {
			throw new IllegalArgumentException("ims.import.min-throughput-window must be at least "
					+ SHORTEST_WINDOW.toSeconds() + " s, not " + window);
		}
	}

	/** The bytes a source must deliver in each window; 0 when there is no floor. */
	public long bytesPerWindow() {
		return Math.multiplyExact(this.bytesPerSecond, this.window.toMillis()) / 1000;
	}

	public boolean isNone() {
		return bytesPerWindow() == 0;
	}

	/** A watch over one download that starts at {@code startNanos} (a {@link System#nanoTime()} reading). */
	public ThroughputWatch watch(long startNanos) {
		return new ThroughputWatch(this, startNanos);
	}

	/** A rate in words: {@code 12 B/s}, {@code 3.5 KB/s}, {@code 1.0 MB/s} (binary units, as the settings'). */
	static String rate(long bytesPerSecond) {
		if (bytesPerSecond < 1024) {
			return bytesPerSecond + " B/s";
		}
		if (bytesPerSecond < 1024 * 1024) {
			return String.format(Locale.ROOT, "%.1f KB/s", bytesPerSecond / 1024.0);
		}
		return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / (1024.0 * 1024.0));
	}

	/** A window in which the source delivered {@code delivered} bytes, fewer than the floor asks. */
	public record Shortfall(long delivered, ThroughputFloor floor) {

		public long bytesPerSecond() {
			return this.delivered * 1000 / this.floor.window().toMillis();
		}

		/** What happened, by how much, and what to do about it. */
		public String message() {
			return "The source delivered " + rate(bytesPerSecond()) + " (" + this.delivered + " bytes in "
					+ this.floor.window().toSeconds() + " s), below " + rate(this.floor.bytesPerSecond())
					+ ", the least this cloud takes from an import source (ims.import.min-throughput over "
					+ "ims.import.min-throughput-window), so the download was stopped. Import from a faster source "
					+ "(a mirror or an object store nearer this cloud), or ask an operator to lower the floor.";
		}

	}

}
