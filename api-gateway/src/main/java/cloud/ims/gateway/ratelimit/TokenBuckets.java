package cloud.ims.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * The token buckets of one gateway replica, made on first use and forgotten when idle. A request takes one token
 * from each of its scopes, or from none: when a later scope refuses, the tokens taken from the earlier ones are
 * given back, so that a user over its own limit does not use up its project's.
 */
final class TokenBuckets {

	private final Cache<String, Bucket> buckets;

	private final TimeMeter time;

	TokenBuckets(Duration idleExpiry, TimeMeter time) {
		this.buckets = Caffeine.newBuilder().expireAfterAccess(idleExpiry).build();
		this.time = time;
	}

	Admission take(List<Scope> scopes) {
		Scope tightest = scopes.get(0);
		long fewest = Long.MAX_VALUE;
		for (int i = 0; i < scopes.size(); i++) {
			Scope scope = scopes.get(i);
			ConsumptionProbe probe = bucket(scope).tryConsumeAndReturnRemaining(1);
			if (!probe.isConsumed()) {
				for (int j = 0; j < i; j++) {
					bucket(scopes.get(j)).addTokens(1);
				}
				return new Admission(false, scope, 0, Duration.ofNanos(probe.getNanosToWaitForRefill()));
			}
			if (probe.getRemainingTokens() < fewest) {
				fewest = probe.getRemainingTokens();
				tightest = scope;
			}
		}
		return new Admission(true, tightest, fewest, Duration.ZERO);
	}

	private Bucket bucket(Scope scope) {
		return this.buckets.get(scope.bucketKey(), (key) -> Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(scope.limit().burst())
				.refillGreedy(scope.limit().rate(), scope.limit().per())
				.build())
			.withCustomTimePrecision(this.time)
			.build());
	}

}
