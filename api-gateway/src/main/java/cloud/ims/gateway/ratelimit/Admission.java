package cloud.ims.gateway.ratelimit;

import java.time.Duration;

/**
 * The answer of the buckets to one request: admitted or not, the bucket that decided (the one that refused, or the
 * one with the fewest tokens left), its tokens left and, when refused, how long until a token is there again.
 */
record Admission(boolean admitted, Scope scope, long remaining, Duration retryAfter) {

	/** Whole seconds, at least one, as {@code Retry-After} wants them. */
	long retryAfterSeconds() {
		long seconds = (this.retryAfter.toNanos() + 999_999_999L) / 1_000_000_000L;
		return Math.max(1, seconds);
	}

	/** Said to the client: which limit was reached and when to retry. */
	String message() {
		long seconds = retryAfterSeconds();
		return "Too many " + this.scope.requestClass().label() + ": " + this.scope.describe()
				+ " is over its limit of " + this.scope.limit().describe(this.scope.requestClass()) + ". Retry in "
				+ seconds + ((seconds == 1) ? " second" : " seconds") + " (Retry-After), or spread the requests out.";
	}

}
