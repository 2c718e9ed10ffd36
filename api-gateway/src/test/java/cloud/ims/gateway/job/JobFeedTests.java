package cloud.ims.gateway.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;


import cloud.ims.core.common.Actor;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.gateway.security.Caller;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class JobFeedTests {

	private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

	private final Jobs jobs = mock(Jobs.class);

	private final JobFeed feed = new JobFeed(this.jobs);

	@Test
	void followsAJobWhoseReadsTakeLongerThanThePollInterval() {
		Job running = Job.accepted(JobId.newId(), JobType.IMPORT_IMAGE, new Actor("p", "u", "r"), Map.of(), List.of(),
				null, NOW).start(NOW).orElseThrow();
		Job failed = running.fail("IMG.0421", "gone", NOW).orElseThrow();
		AtomicInteger reads = new AtomicInteger();
		given(this.jobs.findInProject(eq(running.id()), any())).willReturn(Mono.just(running));
		// A slow store: each read takes four poll intervals; the third one finds the job ended.
		given(this.jobs.find(running.id())).willAnswer((call) -> Mono
			.fromSupplier(() -> (reads.incrementAndGet() < 3) ? running : failed)
			.delayElement(Duration.ofSeconds(1)));

		StepVerifier.withVirtualTime(() -> this.feed.follow(new Caller("u", "p", Set.of("member"), "r"),
				running.id().value()))
			.thenAwait(Duration.ofSeconds(10))
			.expectNextMatches((job) -> job.status() == JobStatus.RUNNING)
			.expectNextMatches((job) -> job.status() == JobStatus.FAIL)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

}
