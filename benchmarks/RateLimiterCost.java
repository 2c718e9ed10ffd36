package cloud.ims.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

import io.github.bucket4j.TimeMeter;
import org.springframework.http.HttpMethod;

/**
 * What the rate limiter itself costs a request, outside the server (see docs/benchmarks.md, "Rate limits"): the work
 * RateLimits does for an authenticated GET, on THREADS threads at once for one project, so that they contend for its
 * bucket as the requests of one flooding project would: classify the request, look the limits up, take a token from
 * the project's bucket and the user's (each thread its own user). Limits high enough that nothing is refused.
 *
 *   java -cp <api-gateway classes and its dependencies>:<classes> cloud.ims.gateway.ratelimit.RateLimiterCost [THREADS] [SECONDS]
 */
public final class RateLimiterCost {

	public static void main(String[] args) throws InterruptedException {
		int threads = (args.length > 0) ? Integer.parseInt(args[0]) : 2;
		int seconds = (args.length > 1) ? Integer.parseInt(args[1]) : 10;
		RateLimitSettings.Limit high = new RateLimitSettings.Limit(1_000_000_000L, null, 0);
		RateLimitSettings.ClassLimits limits = new RateLimitSettings.ClassLimits(high, high, high);
		RateLimitSettings settings = new RateLimitSettings(true, limits, limits, null, null, Duration.ofMinutes(10),
				Duration.ZERO, 0, Duration.ZERO);
		TokenBuckets buckets = new TokenBuckets(settings.idleExpiry(), TimeMeter.SYSTEM_NANOTIME);
		for (String phase : List.of("warm-up", "measured")) {
			LongAdder taken = new LongAdder();
			long end = System.nanoTime() + Duration.ofSeconds(phase.equals("warm-up") ? 3 : seconds).toNanos();
			CountDownLatch done = new CountDownLatch(threads);
			for (int t = 0; t < threads; t++) {
				String user = "user-" + t;
				Thread thread = new Thread(() -> {
					long count = 0;
					while ((count & 1023) != 0 || System.nanoTime() < end) {
						RequestClass requestClass = RequestClassifier.classify(HttpMethod.GET, "/v2/images/caa8fac7");
						Admission admission = buckets.take(List.of(
								Scope.project("demo", requestClass, settings.forProject("demo", requestClass)),
								Scope.user(user, requestClass, settings.forUser(requestClass))));
						if (!admission.admitted()) {
							throw new IllegalStateException("refused: " + admission.message());
						}
						count++;
					}
					taken.add(count);
					done.countDown();
				});
				thread.start();
			}
			done.await();
			if (phase.equals("measured")) {
				double perSecond = taken.sum() / (double) seconds;
				System.out.printf("%d threads, %d s: %.0f admissions/s in all, %.0f ns of one thread per admission%n",
						threads, seconds, perSecond, threads * 1e9 / perSecond);
			}
		}
	}

}
