package cloud.ims.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.job.SubJobProgress;

/**
 * How workers change a job: the change is stored (a compare-and-set, or one targeted update for a sub-job's outcome),
 * then published as a status event. Workers run on listener threads, so the store is waited for here.
 */
public class JobChanges {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Jobs jobs;

	private final StatusEvents events;

	private final Clock clock;

	JobChanges(Jobs jobs, StatusEvents events, Clock clock) {
		this.jobs = jobs;
		this.events = events;
		this.clock = clock;
	}

	/** Applies the transition (a replay changes nothing) and publishes the job as it is afterwards. */
	public Job apply(JobId id, Function<Job, Optional<Job>> change) {
		Job job = this.jobs.update(id, change).block(STORE_TIMEOUT);
		this.events.jobChanged(job);
		return job;
	}

	/** Records one sub-job's outcome and publishes the job's progress; answers where the job stands now. */
	public SubJobProgress recordSubJob(JobId id, int index, SubJobOutcome outcome) {
		SubJobProgress progress = this.jobs.recordSubJob(id, index, outcome, this.clock.instant()).block(STORE_TIMEOUT);
		this.events.jobProgressed(progress);
		return progress;
	}

	public Clock clock() {
		return this.clock;
	}

}
