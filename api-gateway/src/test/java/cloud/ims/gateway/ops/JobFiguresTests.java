package cloud.ims.gateway.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobSummary;
import cloud.ims.core.job.JobType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobFiguresTests {

	private static final Instant NOW = Instant.parse("2026-11-27T21:00:30Z");

	private static final Instant CURRENT_MINUTE = Instant.parse("2026-11-27T21:00:00Z");

	private int ids;

	@Test
	void countsEndedJobsPerMinuteByTypeAndOutcomeOldestMinuteFirst() {
		JobFigures figures = new JobFigures(NOW, 5, List.of(
				ended(JobType.CREATE_SERVER, JobStatus.SUCCESS, CURRENT_MINUTE.minusSeconds(65), 10),
				ended(JobType.CREATE_SERVER, JobStatus.SUCCESS, CURRENT_MINUTE.plusSeconds(5), 10),
				ended(JobType.CREATE_SERVER, JobStatus.SUCCESS, CURRENT_MINUTE.plusSeconds(20), 10),
				ended(JobType.CREATE_SERVER, JobStatus.FAIL, CURRENT_MINUTE.minusSeconds(240), 10),
				ended(JobType.IMPORT_IMAGE, JobStatus.SUCCESS, CURRENT_MINUTE.minusSeconds(1), 10),
				ended(JobType.CREATE_SERVER, JobStatus.SUCCESS, CURRENT_MINUTE.minusSeconds(241), 10)));

		Map<String, Object> perMinute = figures.jobsPerMinute();

		assertThat(perMinute.get("minutes")).asList().containsExactly(
				CURRENT_MINUTE.minusSeconds(240).getEpochSecond(), CURRENT_MINUTE.minusSeconds(180).getEpochSecond(),
				CURRENT_MINUTE.minusSeconds(120).getEpochSecond(), CURRENT_MINUTE.minusSeconds(60).getEpochSecond(),
				CURRENT_MINUTE.getEpochSecond());
		@SuppressWarnings("unchecked")
		Map<String, int[]> series = (Map<String, int[]>) perMinute.get("series");
		assertThat(series).containsOnlyKeys("createServer SUCCESS", "createServer FAIL", "imsImportImageJob SUCCESS");
		assertThat(series.get("createServer SUCCESS")).containsExactly(0, 0, 1, 0, 2);
		assertThat(series.get("createServer FAIL")).containsExactly(1, 0, 0, 0, 0);
		assertThat(series.get("imsImportImageJob SUCCESS")).containsExactly(0, 0, 0, 1, 0);
	}

	@Test
	void totalsCountTheSameWindowAsTheSeriesAndEveryOpenJob() {
		List<JobSummary> jobs = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			jobs.add(ended(JobType.CREATE_SERVER, JobStatus.SUCCESS, NOW.minusSeconds(60), 5));
		}
		jobs.add(ended(JobType.CREATE_SERVER, JobStatus.FAIL, NOW.minusSeconds(30), 5));
		jobs.add(ended(JobType.CREATE_SERVER, JobStatus.SUCCESS, NOW.minus(Duration.ofHours(2)), 5));
		jobs.add(open(JobStatus.RUNNING, NOW.minus(Duration.ofHours(3))));
		jobs.add(open(JobStatus.INIT, NOW.minusSeconds(1)));

		Map<String, Object> totals = new JobFigures(NOW, 60, jobs).totals();

		assertThat(totals).containsEntry("accepted", 22L).containsEntry("succeeded", 20L).containsEntry("failed", 1L)
			.containsEntry("running", 2L).containsEntry("failure_rate", 0.0476);
	}

	@Test
	void answersANoughtFailureRateWhenNothingEnded() {
		assertThat(new JobFigures(NOW, 60, List.of(open(JobStatus.RUNNING, NOW))).totals())
			.containsEntry("failure_rate", 0.0).containsEntry("running", 1L);
	}

	@Test
	void takesTheNearestRankNinetyFifthPercentileOfDurationsByType() {
		List<JobSummary> jobs = new ArrayList<>();
		for (int seconds = 1; seconds <= 100; seconds++) {
			jobs.add(ended(JobType.CREATE_SERVER, JobStatus.SUCCESS, NOW.minusSeconds(10), seconds));
		}
		jobs.add(ended(JobType.IMPORT_IMAGE, JobStatus.FAIL, NOW.minusSeconds(10), 40.1));

		assertThat(new JobFigures(NOW, 60, jobs).p95DurationSeconds())
			.containsExactly(Map.entry("createServer", 95.0), Map.entry("imsImportImageJob", 40.1));
	}

	@Test
	void listsAtMostTwentyFailuresOfTheWindowNewestFirst() {
		List<JobSummary> jobs = new ArrayList<>();
		for (int i = 1; i <= 25; i++) {
			jobs.add(ended(JobType.CREATE_SERVER, JobStatus.FAIL, NOW.minusSeconds(i), 1));
		}
		jobs.add(ended(JobType.CREATE_SERVER, JobStatus.SUCCESS, NOW, 1));

		List<Map<String, Object>> failures = new JobFigures(NOW, 60, jobs).recentFailures();

		assertThat(failures).hasSize(20);
		assertThat(failures.get(0)).containsEntry("job_id", jobs.get(0).id().value())
			.containsEntry("job_type", "createServer").containsEntry("error_code", "Ecs.0504")
			.containsEntry("fail_reason", "down").containsEntry("end_time", "2026-11-27T21:00:29Z");
		assertThat(failures.get(19)).containsEntry("job_id", jobs.get(19).id().value());
	}

	private JobSummary ended(JobType type, JobStatus status, Instant endTime, double seconds) {
		Instant createdAt = endTime.minusMillis((long) (seconds * 1000));
		boolean failed = status == JobStatus.FAIL;
		return summary(type, status, createdAt, endTime, failed ? "Ecs.0504" : null, failed ? "down" : null);
	}

	private JobSummary open(JobStatus status, Instant createdAt) {
		return summary(JobType.CREATE_SERVER, status, createdAt, null, null, null);
	}

	private JobSummary summary(JobType type, JobStatus status, Instant createdAt, @Nullable Instant endTime,
			@Nullable String errorCode, @Nullable String failReason) {
		return new JobSummary(new JobId("job-" + (++this.ids)), type, status, createdAt, endTime, errorCode, failReason);
	}

}
