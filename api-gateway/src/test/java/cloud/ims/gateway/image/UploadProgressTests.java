package cloud.ims.gateway.image;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import cloud.ims.core.common.Actor;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class UploadProgressTests {

	private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private final JobId jobId = JobId.newId();

	private final AtomicReference<Job> stored = new AtomicReference<>(Job.awaitingCommand(this.jobId,
			JobType.UPLOAD_IMAGE, new Actor("demo", "alice", "req-1"), Map.of("image_id", "i-1"), NOW));

	/** Every state the store was given: each is a change, recorded with its event. */
	private final List<Job> published = new ArrayList<>();

	private final Jobs jobs = storingJobs();

	@Test
	void movesWithTheBytesUpToTheShareOfTheJobWhenTheLengthIsKnown() {
		assertThat(UploadProgress.shareOfJob(0, 1000)).isZero();
		assertThat(UploadProgress.shareOfJob(500, 1000)).isCloseTo(0.3, within(1e-9));
		assertThat(UploadProgress.shareOfJob(1000, 1000)).isCloseTo(UploadProgress.SHARE_OF_JOB, within(1e-9));
	}

	@Test
	void movesAStagesJobWithTheBytesOverTheWholeJob() {
		assertThat(UploadProgress.shareOfJob(500, 1000, UploadProgress.WHOLE_JOB)).isCloseTo(0.5, within(1e-9));
		assertThat(UploadProgress.shareOfJob(1000, 1000, UploadProgress.WHOLE_JOB)).isCloseTo(1.0, within(1e-9));
		assertThat(UploadProgress.shareOfJob(UploadProgress.HALF_WAY_WITHOUT_LENGTH, -1, UploadProgress.WHOLE_JOB))
			.isCloseTo(0.5, within(1e-9));
	}

	@Test
	void movesWithTheBytesWithoutReachingTheShareOfTheJobWhenTheLengthIsUnknown() {
		double small = UploadProgress.shareOfJob(64 * 1024, -1);
		double halfWay = UploadProgress.shareOfJob(UploadProgress.HALF_WAY_WITHOUT_LENGTH, -1);
		double huge = UploadProgress.shareOfJob(1L << 40, -1);

		assertThat(small).isPositive().isLessThan(halfWay);
		assertThat(halfWay).isCloseTo(UploadProgress.SHARE_OF_JOB / 2, within(1e-9)).isLessThan(huge);
		assertThat(huge).isLessThan(UploadProgress.SHARE_OF_JOB);
	}

	@Test
	void storesTheProgressOncePerIntervalHoweverManyChunksArrive() {
		UploadProgress progress = new UploadProgress(this.jobs, Clock.fixed(NOW, ZoneOffset.UTC),
				this.jobId, 100 * 1024);

		StepVerifier.withVirtualTime(() -> progress.reportUntilJobEnded(INTERVAL))
			.expectSubscription()
			.then(() -> {
				for (int chunk = 1; chunk <= 40; chunk++) {
					progress.received(chunk * 1024L);
				}
			})
			.thenAwait(INTERVAL)
			.then(() -> verify(this.jobs, times(1)).update(eq(this.jobId), any()))
			.thenAwait(INTERVAL.multipliedBy(3))
			.then(() -> verify(this.jobs, times(1)).update(eq(this.jobId), any()))
			.then(() -> progress.received(80 * 1024L))
			.thenAwait(INTERVAL)
			.then(() -> verify(this.jobs, times(2)).update(eq(this.jobId), any()))
			.thenCancel()
			.verify();

		assertThat(this.published).extracting(Job::processPercent)
			.containsExactly(UploadProgress.shareOfJob(40 * 1024, 100 * 1024),
					UploadProgress.shareOfJob(80 * 1024, 100 * 1024));
		assertThat(this.stored.get().status()).isEqualTo(JobStatus.RUNNING);
	}

	@Test
	void answersTheJobOnceItIsFoundEndedThoughNoByteArrives() {
		UploadProgress progress = new UploadProgress(this.jobs, Clock.fixed(NOW, ZoneOffset.UTC),
				this.jobId, -1);

		StepVerifier.withVirtualTime(() -> progress.reportUntilJobEnded(INTERVAL))
			.expectSubscription()
			.thenAwait(INTERVAL.multipliedBy(2))
			.then(() -> this.stored.set(this.stored.get().timedOut("IMS.0408", "Timed out", NOW).orElseThrow()))
			.thenAwait(INTERVAL)
			.assertNext((job) -> assertThat(job.errorCode()).isEqualTo("IMS.0408"))
			.verifyComplete();

		verify(this.jobs, never()).update(any(), any());
		assertThat(this.published).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private Jobs storingJobs() {
		Jobs jobs = mock(Jobs.class);
		when(jobs.find(this.jobId)).thenAnswer((call) -> Mono.just(this.stored.get()));
		when(jobs.update(eq(this.jobId), any())).thenAnswer((call) -> {
			Function<Job, Optional<Job>> change = call.getArgument(1);
			Job before = this.stored.get();
			Optional<Job> changed = change.apply(before);
			changed.ifPresent(this.published::add);
			return Mono.just(this.stored.updateAndGet((current) -> changed.orElse(current)));
		});
		return jobs;
	}

}
