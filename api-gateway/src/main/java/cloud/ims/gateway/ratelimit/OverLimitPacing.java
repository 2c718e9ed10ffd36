package cloud.ims.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.TimeMeter;

/**
 * Spaces the admitted requests of a scope that went over its limit at its rate, until it has kept under it for a
 * while. A scope that never goes over keeps its burst; one that was refused would otherwise spend each refilled
 * bucket back to back, as many at a time as it has connections, and the other projects' requests that arrive during
 * such a burst queue behind it. Spaced, its requests arrive as a client within its rate sends them.
 */
final class OverLimitPacing {

	private final Duration pacedFor;

	private final TimeMeter time;

	private final Cache<String, Pace> paces;

	OverLimitPacing(Duration pacedFor, TimeMeter time) {
		this.pacedFor = pacedFor;
		this.time = time;
		this.paces = Caffeine.newBuilder().expireAfterAccess(pacedFor).build();
	}

	/** The scope refused a request: from now its admitted requests are spaced. */
	void refused(Scope scope) {
		if (!this.pacedFor.isZero()) {
			long now = now();
			this.paces.get(scope.bucketKey(), (key) -> new Pace(now)).overLimitAt(now);
		}
	}

	/** How long an admitted request of these scopes waits for its turn: zero unless one of them is paced. */
	Duration turnOf(List<Scope> scopes) {
		long wait = 0;
		for (Scope scope : scopes) {
			Pace pace = this.paces.getIfPresent(scope.bucketKey());
			if (pace != null) {
				wait = Math.max(wait, pace.turn(now(), interval(scope), this.pacedFor.toNanos()));
			}
		}
		return Duration.ofNanos(wait);
	}

	private long now() {
		return this.time.currentTimeNanos();
	}

	private static long interval(Scope scope) {
		return scope.limit().per().toNanos() / scope.limit().rate();
	}

	/** When the scope's next request may go, and when it last had to wait or was refused. */
	private static final class Pace {

		private final AtomicLong nextTurn;

		private volatile long lastOverLimit;

		Pace(long now) {
			this.nextTurn = new AtomicLong(now);
			this.lastOverLimit = now;
		}

		void overLimitAt(long now) {
			this.lastOverLimit = now;
		}

		/** Takes the next turn and answers how long until it; nothing once the scope has kept under for a while. */
		long turn(long now, long interval, long pacedFor) {
			if (now - this.lastOverLimit > pacedFor) {
				return 0;
			}
			long turn = this.nextTurn.getAndUpdate((next) -> Math.max(now, next) + interval);
			long wait = Math.max(0, turn - now);
			if (wait > 0) {
				this.lastOverLimit = now;
			}
			return wait;
		}

	}

}
