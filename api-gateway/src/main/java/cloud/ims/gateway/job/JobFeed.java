package cloud.ims.gateway.job;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.gateway.security.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The caller's jobs as the API and the console show them: one job, a page of the project's jobs, and the changes
 * of one job until it ends. Changes are found by reading the job document often, so that any gateway instance can
 * follow any job.
 */
@Component
public class JobFeed {

	private static final Duration POLL = Duration.ofMillis(250);

	private final Jobs jobs;

	JobFeed(Jobs jobs) {
		this.jobs = jobs;
	}

	public Mono<Job> find(Caller caller, String jobId) {
		return this.jobs.findInProject(new JobId(jobId), caller.projectId())
			.switchIfEmpty(Mono.error(() -> new ImsException(Kind.NOT_FOUND, "IMS.0044",
					"Job " + jobId + " does not exist in project " + caller.projectId() + ". Check the job id.")));
	}

	public Flux<Job> list(Caller caller, @Nullable JobStatus status, @Nullable JobType type, @Nullable String marker,
			int limit) {
		return this.jobs.list(caller.projectId(), status, type, (marker != null) ? new JobId(marker) : null, limit);
	}

	/** The job now, then each change of its status or progress, ending with its terminal state. */
	public Flux<Job> follow(Caller caller, String jobId) {
		return find(caller, jobId).flatMapMany((first) -> Flux.interval(Duration.ZERO, POLL)
			.onBackpressureDrop()
			.concatMap((tick) -> this.jobs.find(first.id()))
			.distinctUntilChanged((job) -> List.of(job.status(), job.processPercent(), job.finishedSubJobs()),
					Objects::equals)
			.takeUntil((job) -> job.status().isTerminal()));
	}

}
