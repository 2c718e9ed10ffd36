package cloud.ims.core.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class JobTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final Instant T1 = T0.plusSeconds(1);

	@Test
	void startsOnlyFromInit() {
		Job running = aJob(0).start(T1).orElseThrow();

		assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(running.beginTime()).isEqualTo(T1);
		assertThat(running.start(T1)).isEmpty();
	}

	@Test
	void endsOnceAndKeepsItsFirstOutcome() {
		Job failed = aJob(0).start(T0).flatMap((job) -> job.fail("IMG.0411", "conversion failed", T1)).orElseThrow();

		assertThat(failed.status()).isEqualTo(JobStatus.FAIL);
		assertThat(failed.endTime()).isEqualTo(T1);
		assertThat(failed.succeed(Map.of(), T1)).isEmpty();
		assertThat(failed.fail("X", "again", T1)).isEmpty();
	}

	@Test
	void recordsEachSubJobOutcomeOnce() {
		Job job = aJob(3).finishSubJob(1, SubJobOutcome.failed("Ecs.0503", "driver down"), T1).orElseThrow();

		assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(job.subJobs().get(1).status()).isEqualTo(JobStatus.FAIL);
		assertThat(job.subJobs().get(1).errorCode()).isEqualTo("Ecs.0503");
		assertThat(job.finishSubJob(1, SubJobOutcome.succeeded(), T1)).isEmpty();
		assertThat(job.processPercent()).isEqualTo(1.0 / 3);
		assertThat(job.allSubJobsFinished()).isFalse();
	}

	@Test
	void knowsWhenEverySubJobFinished() {
		Job job = aJob(2);
		job = job.finishSubJob(0, SubJobOutcome.succeeded(), T1).orElseThrow();
		job = job.finishSubJob(1, SubJobOutcome.failed("E", "r"), T1).orElseThrow();

		assertThat(job.allSubJobsFinished()).isTrue();
		assertThat(job.succeededSubJobs()).isEqualTo(1);
	}

	@Test
	void reportsProgressOnlyForwards() {
		Job job = aJob(0).reportProgress(0.4, T1).orElseThrow();

		assertThat(job.processPercent()).isEqualTo(0.4);
		assertThat(job.reportProgress(0.3, T1)).isEmpty();
		assertThat(job.succeed(Map.of(), T1).orElseThrow().processPercent()).isEqualTo(1.0);
	}

	@Test
	void countsALaterReportBelowTheProgressAsActivity() {
		Job job = aJob(0).reportProgress(0.4, T1).orElseThrow();

		Job restarted = job.reportProgress(0.1, T1.plusSeconds(60)).orElseThrow();

		assertThat(restarted.processPercent()).isEqualTo(0.4);
		assertThat(restarted.updatedAt()).isEqualTo(T1.plusSeconds(60));
	}

	@Test
	void awaitsDispatchUntilMarkedDispatched() {
		Job job = aJob(0);

		assertThat(job.awaitsDispatch()).isTrue();
		assertThat(job.dispatched().orElseThrow().awaitsDispatch()).isFalse();
		assertThat(job.dispatched().orElseThrow().dispatched()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cloud.ims.core.job.SubJobOutcomeScenarios#all")
	void keepsTheFirstOutcomeOfASubJob(SubJobOutcomeScenarios.Scenario scenario) {
		Job job = aJob(2);
		List<Boolean> first = new java.util.ArrayList<>();

		for (SubJobOutcome outcome : scenario.recorded()) {
			java.util.Optional<Job> next = job.finishSubJob(0, outcome, T1);
			first.add(next.isPresent());
			job = next.orElse(job);
		}

		assertThat(job.subJobs().get(0).status()).isEqualTo(scenario.status());
		assertThat(job.subJobs().get(0).errorCode()).isEqualTo(scenario.errorCode());
		assertThat(first).isEqualTo(scenario.first());
		assertThat(job.finishedSubJobs()).isEqualTo(1);
	}

	private static Job aJob(int subJobs) {
		List<SubJob> subs = java.util.stream.IntStream.range(0, subJobs)
			.mapToObj((i) -> SubJob.pending("s" + i, JobType.CREATE_SINGLE_SERVER, Map.of()))
			.toList();
		return Job.accepted(JobId.newId(), JobType.CREATE_SERVER, new Actor("p", "u", "r"), Map.of(), subs,
				new OutboxMessage("t", "k", new byte[0], false), T0);
	}

}
