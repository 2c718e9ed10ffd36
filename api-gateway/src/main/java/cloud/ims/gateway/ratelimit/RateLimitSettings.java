package cloud.ims.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rate limits of one gateway replica: the buckets of every project and of every user (for reads, writes and
 * imports), of every client address and user name signing in, and per project overrides. Each limit is a rate per
 * period with a burst, the bucket's capacity, twice the rate unless said. Buckets unused for {@code idleExpiry} are
 * forgotten (a full bucket is what a new one is, so this must exceed the slowest bucket's time to fill). A refusal is
 * answered after {@code refusalDelay} (0: at once), up to {@code maxDelayedRefusals} held at a time
 * ({@link RefusalPacing}). A scope that went over its limit has its admitted requests spaced at its rate until it has
 * kept under it for {@code overLimitPacing} (0: never; {@link OverLimitPacing}).
 */
@ConfigurationProperties("ims.rate-limits")
record RateLimitSettings(@DefaultValue("true") boolean enabled, @Nullable ClassLimits project,
		@Nullable ClassLimits user, @Nullable SignInLimits signIns, @Nullable Map<String, ClassLimits> projects,
		@DefaultValue("10m") Duration idleExpiry, @DefaultValue("1s") Duration refusalDelay,
		@DefaultValue("1000") int maxDelayedRefusals, @DefaultValue("10s") Duration overLimitPacing) {

	static final ClassLimits DEFAULTS = new ClassLimits(new Limit(100, null, 0), new Limit(20, null, 0),
			new Limit(5, null, 0));

	static final SignInLimits SIGN_IN_DEFAULTS = new SignInLimits(new Limit(10, null, 0), new Limit(2, null, 0));

	/** The limit of a project's bucket for the class, its override first. */
	Limit forProject(String projectId, RequestClass requestClass) {
		ClassLimits override = (this.projects != null) ? this.projects.get(projectId) : null;
		Limit limit = (override != null) ? override.of(requestClass) : null;
		return (limit != null) ? limit : orDefault(this.project, requestClass);
	}

	/** The limit of a user's bucket for the class, whichever project the user acts in. */
	Limit forUser(RequestClass requestClass) {
		return orDefault(this.user, requestClass);
	}

	Limit forSignInAddress() {
		Limit limit = (this.signIns != null) ? this.signIns.address() : null;
		return (limit != null) ? limit : SIGN_IN_DEFAULTS.address();
	}

	Limit forSignInUserName() {
		Limit limit = (this.signIns != null) ? this.signIns.userName() : null;
		return (limit != null) ? limit : SIGN_IN_DEFAULTS.userName();
	}

	private static Limit orDefault(@Nullable ClassLimits limits, RequestClass requestClass) {
		Limit limit = (limits != null) ? limits.of(requestClass) : null;
		return (limit != null) ? limit : DEFAULTS.of(requestClass);
	}

	/** The limits of reads (GET, HEAD), writes (other methods) and imports (requests that create image data). */
	record ClassLimits(@Nullable Limit reads, @Nullable Limit writes, @Nullable Limit imports) {

		@Nullable Limit of(RequestClass requestClass) {
			return switch (requestClass) {
				case READS -> this.reads;
				case WRITES -> this.writes;
				case IMPORTS -> this.imports;
				case SIGN_INS -> null;
			};
		}

	}

	/** The limits of sign-ins from one client address and for one user name. */
	record SignInLimits(@Nullable Limit address, @Nullable Limit userName) {
	}

	/** {@code rate} requests per {@code per} (default one second), with bursts of {@code burst} (default twice that). */
	record Limit(long rate, Duration per, long burst) {

		Limit(long rate, @Nullable Duration per, long burst) {
			if (rate < 1) {
				throw new IllegalArgumentException("A rate limit's rate must be at least 1, not " + rate);
			}
			this.rate = rate;
			this.per = (per != null) ? per : Duration.ofSeconds(1);
			this.burst = (burst > 0) ? burst : 2 * rate;
			if (this.per.isNegative() || this.per.isZero()) {
				throw new IllegalArgumentException("A rate limit's period must be positive, not " + per);
			}
		}

		/** Said to the client: "20 writes per 1s (bursts of 40)". */
		String describe(RequestClass requestClass) {
			return this.rate + " " + requestClass.label() + " per " + period() + " (bursts of " + this.burst + ")";
		}

		private String period() {
			if (this.per.equals(Duration.ofSeconds(1))) {
				return "second";
			}
			return (this.per.toMillis() % 1000 == 0) ? this.per.toSeconds() + " seconds" : this.per.toMillis() + " ms";
		}

	}

}
