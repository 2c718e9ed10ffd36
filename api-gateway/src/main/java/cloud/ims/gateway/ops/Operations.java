package cloud.ims.gateway.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.compute.DriverStatus;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.operations.BreakerState;
import cloud.ims.core.operations.BreakerStates;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.web.Times;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The live picture for admins, for the console's Operations page: jobs per minute by type and outcome, totals and
 * failure rate, p95 durations and recent failures, all counted from the jobs in MongoDB so that every gateway
 * instance answers the same; consumer lag from Kafka; each worker instance's circuit breaker, and the VMware Service it
 * drives and whether that answered, as the instance last reported them.
 */
@RestController
public class Operations {

	static final int MIN_MINUTES = 5;

	static final int MAX_MINUTES = 1440;

	private final Jobs jobs;

	private final BreakerStates breakers;

	private final ConsumerLag consumerLag;

	private final Clock clock;

	Operations(Jobs jobs, BreakerStates breakers, ConsumerLag consumerLag, Clock clock) {
		this.jobs = jobs;
		this.breakers = breakers;
		this.consumerLag = consumerLag;
		this.clock = clock;
	}

	@GetMapping("/v1/admin/operations")
	public Mono<Map<String, Object>> show(Caller caller, @RequestParam(defaultValue = "60") int minutes) {
		if (!caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "IMS.0403", "Only admins can see the operations view.");
		}
		if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
			throw new ImsException(Kind.INVALID, "IMS.0400", "minutes must be between " + MIN_MINUTES + " and "
					+ MAX_MINUTES + " (the window of the figures, in minutes); it was " + minutes + ".");
		}
		Instant now = this.clock.instant();
		Mono<JobFigures> figures = this.jobs.summariesSince(JobFigures.windowStart(now, minutes)).collectList()
			.map((summaries) -> new JobFigures(now, minutes, summaries));
		Mono<List<Map<String, Object>>> lag = Mono.fromCallable(this.consumerLag::byGroupAndTopic)
			.subscribeOn(Schedulers.boundedElastic());
		Mono<List<Map<String, Object>>> breakers = this.breakers.all()
			.sort(Comparator.comparing(BreakerState::name).thenComparing(BreakerState::instance))
			.map(Operations::breaker)
			.collectList();
		return Mono.zip(figures, lag, breakers).map((all) -> {
			JobFigures jobs = all.getT1();
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("generated_at", Times.format(now));
			view.put("window_minutes", minutes);
			view.put("jobs_per_minute", jobs.jobsPerMinute());
			view.put("totals", jobs.totals());
			view.put("p95_duration_seconds", jobs.p95DurationSeconds());
			view.put("consumer_lag", all.getT2());
			view.put("breakers", all.getT3());
			view.put("recent_failures", jobs.recentFailures());
			return view;
		});
	}

	private static Map<String, Object> breaker(BreakerState state) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("name", state.name());
		view.put("instance", state.instance());
		view.put("state", state.state());
		view.put("since", Times.format(state.since()));
		view.put("updated_at", Times.format(state.updatedAt()));
		DriverStatus driver = state.driver();
		if (driver != null) {
			Map<String, Object> reported = new LinkedHashMap<>();
			reported.put("type", driver.type());
			reported.put("endpoint", driver.endpoint());
			reported.put("reachable", driver.reachable());
			reported.put("detail", driver.detail());
			view.put("driver", reported);
		}
		return view;
	}

}
