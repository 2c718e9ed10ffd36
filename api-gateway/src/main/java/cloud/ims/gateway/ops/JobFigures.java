package cloud.ims.gateway.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobSummary;
import cloud.ims.gateway.web.Times;

/**
 * The job figures of the operations view over a window of whole minutes ending with the current one: jobs ended per
 * minute by type and outcome, totals, the 95th percentile of durations by type, and the latest failures. Every figure
 * counts the same window, so that the per-minute series add up to the totals.
 */
final class JobFigures {

	static final int RECENT_FAILURES = 20;

	private final Instant from;

	private final Instant to;

	private final int minutes;

	private final List<JobSummary> jobs;

	JobFigures(Instant now, int minutes, List<JobSummary> jobs) {
		this.to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
		this.from = this.to.minus(Duration.ofMinutes(minutes));
		this.minutes = minutes;
		this.jobs = jobs;
	}

	/** Where the window starts: the jobs to read are those accepted or ended since, and those still open. */
	static Instant windowStart(Instant now, int minutes) {
		return new JobFigures(now, minutes, List.of()).from;
	}

	/** Columnar, ready for a chart: the minutes (epoch seconds, oldest first) and one series per type and outcome. */
	Map<String, Object> jobsPerMinute() {
		List<Long> starts = new ArrayList<>();
		for (int minute = 0; minute < this.minutes; minute++) {
			starts.add(this.from.plus(Duration.ofMinutes(minute)).getEpochSecond());
		}
		Map<String, int[]> series = new TreeMap<>();
		ended().forEach((job) -> {
			int minute = (int) Duration.between(this.from, job.endTime()).toMinutes();
			String key = job.type().wireName() + " " + job.status().name();
			series.computeIfAbsent(key, (unused) -> new int[this.minutes])[minute]++;
		});
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("minutes", starts);
		Map<String, Object> counts = new LinkedHashMap<>();
		series.forEach((key, values) -> counts.put(key, values));
		columns.put("series", counts);
		return columns;
	}

	Map<String, Object> totals() {
		long accepted = this.jobs.stream().filter((job) -> job.acceptedWithin(this.from, this.to)).count();
		long succeeded = ended().filter((job) -> job.status() == JobStatus.SUCCESS).count();
		long failed = ended().filter((job) -> job.status() == JobStatus.FAIL).count();
		long running = this.jobs.stream().filter((job) -> !job.status().isTerminal()).count();
		Map<String, Object> totals = new LinkedHashMap<>();
		totals.put("accepted", accepted);
		totals.put("succeeded", succeeded);
		totals.put("failed", failed);
		totals.put("running", running);
		totals.put("failure_rate", (succeeded + failed == 0) ? 0.0 : round((double) failed / (succeeded + failed)));
		return totals;
	}

	/** Nearest-rank 95th percentile of the durations of the jobs that ended in the window, by job type. */
	Map<String, Double> p95DurationSeconds() {
		Map<String, List<Duration>> byType = ended().collect(Collectors.groupingBy((job) -> job.type().wireName(),
				TreeMap::new, Collectors.mapping(JobSummary::duration, Collectors.toList())));
		Map<String, Double> p95 = new LinkedHashMap<>();
		byType.forEach((type, durations) -> {
			List<Duration> sorted = durations.stream().sorted().toList();
			Duration at = sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
			p95.put(type, round(at.toMillis() / 1000.0));
		});
		return p95;
	}

	/** The failures of the window, newest first. */
	List<Map<String, Object>> recentFailures() {
		return ended().filter((job) -> job.status() == JobStatus.FAIL)
			.sorted(Comparator.comparing(JobSummary::endTime, Comparator.nullsLast(Comparator.reverseOrder()))
				.thenComparing((job) -> job.id().value()))
			.limit(RECENT_FAILURES)
			.map((job) -> {
				Map<String, Object> failure = new LinkedHashMap<>();
				failure.put("job_id", job.id().value());
				failure.put("job_type", job.type().wireName());
				failure.put("error_code", job.errorCode());
				failure.put("fail_reason", job.failReason());
				failure.put("end_time", Times.format(job.endTime()));
				return failure;
			})
			.toList();
	}

	private Stream<JobSummary> ended() {
		return this.jobs.stream().filter((job) -> job.status().isTerminal() && job.endedWithin(this.from, this.to));
	}

	private static double round(double value) {
		return Math.round(value * 10_000) / 10_000.0;
	}

}
