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
 * How workers change a job: the change is stored (a compare-and-set, also for the sub-job outcomes that arrive
 * together), with its status event in the same write. Workers run on their own threads, so the store is waited for
 * here.
 */
public class JobChanges {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Jobs jobs;

	private final Clock clock;

	private final SubJobRecorder subJobs;

	JobChanges(Jobs jobs, Clock clock) {
		this.jobs = jobs;
		this.clock = clock;
		this.subJobs = new SubJobRecorder(jobs, clock);
	}

	/** Applies the transition (a replay changes nothing, and publishes nothing); answers the job as stored. */
	public Job apply(JobId id, Function<Job, Optional<Job>> change) {
		return this.jobs.update(id, change).block(STORE_TIMEOUT);
	}

	/**
	 * Records one sub-job's outcome, together with those of the same job that arrive meanwhile; answers where the job
	 * stood after this outcome.
	 */
	public SubJobProgress recordSubJob(JobId id, int index, SubJobOutcome outcome) {
		return this.subJobs.record(id, index, outcome).progress();
	}

	public Clock clock() {
		return this.clock;
	}

}
