package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.job.SubJobProgress;
import cloud.ims.messaging.StatusEvents;
import org.springframework.stereotype.Component;

/**
 * Records sub-job outcomes on their batch job and ends the job when the last one is in, publishing each change. The
 * first outcome of a sub-job stays: a replay cannot change it.
 */
@Component
class SubJobs {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Jobs jobs;

	private final StatusEvents events;

	private final Clock clock;

	SubJobs(Jobs jobs, StatusEvents events, Clock clock) {
		this.jobs = jobs;
		this.events = events;
		this.clock = clock;
	}

	Job start(JobId id) {
		return publish(this.jobs.update(id, (job) -> job.start(this.clock.instant())).block(STORE_TIMEOUT));
	}

	/** Records the outcome with one targeted update; answers where the job stands now. */
	SubJobProgress record(JobId id, int index, SubJobOutcome outcome) {
		SubJobProgress progress = this.jobs.recordSubJob(id, index, outcome, this.clock.instant()).block(STORE_TIMEOUT);
		this.events.jobProgressed(progress);
		return progress;
	}

	/** Ends the job by a rule that needs the whole job (its sub-jobs' outcomes), reading it once. */
	Job finish(JobId id, Function<Job, Optional<Job>> finish) {
		return publish(this.jobs.update(id, finish).block(STORE_TIMEOUT));
	}

	Clock clock() {
		return this.clock;
	}

	private Job publish(Job job) {
		this.events.jobChanged(job);
		return job;
	}

}
