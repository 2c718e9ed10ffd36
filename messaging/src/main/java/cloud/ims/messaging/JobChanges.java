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
 * How workers change a job: the change is stored (a compare-and-set, or one targeted update for the sub-job outcomes
 * that arrive together), then published as a status event. Workers run on listener threads, so the store is waited for here.
 */
public class JobChanges {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Jobs jobs;

	private final StatusEvents events;

	private final Clock clock;

	private final SubJobRecorder subJobs;

	JobChanges(Jobs jobs, StatusEvents events, Clock clock) {
		this.jobs = jobs;
		this.events = events;
		this.clock = clock;
		this.subJobs = new SubJobRecorder(jobs, clock);
	}

	/** Applies the transition (a replay changes nothing) and publishes the job as it is afterwards. */
	public Job apply(JobId id, Function<Job, Optional<Job>> change) {
		Job job = this.jobs.update(id, change).block(STORE_TIMEOUT);
		this.events.jobChanged(job);
		return job;
	}

	/**
	 * Records one sub-job's outcome, together with those of the same job that arrive meanwhile, and publishes the
	 * job's progress once per write; answers where the job stood after this outcome.
	 */
	public SubJobProgress recordSubJob(JobId id, int index, SubJobOutcome outcome) {
		SubJobRecorder.Recorded recorded = this.subJobs.record(id, index, outcome);
		if (recorded.lastWritten() != null) {
			this.events.jobProgressed(recorded.lastWritten());
		}
		return recorded.progress();
	}

	public Clock clock() {
		return this.clock;
	}

}
