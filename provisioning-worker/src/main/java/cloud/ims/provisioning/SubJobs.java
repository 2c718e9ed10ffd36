package cloud.ims.provisioning;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.job.SubJobProgress;
import cloud.ims.messaging.JobChanges;
import org.springframework.stereotype.Component;

/**
 * Records sub-job outcomes on their batch job and ends the job when the last one is in, publishing each change. The
 * first outcome of a sub-job stays: a replay cannot change it.
 */
@Component
class SubJobs {

	private final JobChanges changes;

	SubJobs(JobChanges changes) {
		this.changes = changes;
	}

	Job start(JobId id) {
		return this.changes.apply(id, (job) -> job.start(this.changes.clock().instant()));
	}

	/** Records the outcome with one targeted update; answers where the job stands now. */
	SubJobProgress record(JobId id, int index, SubJobOutcome outcome) {
		return this.changes.recordSubJob(id, index, outcome);
	}

	/** Ends the job by a rule that needs the whole job (its sub-jobs' outcomes), reading it once. */
	Job finish(JobId id, Function<Job, Optional<Job>> finish) {
		return this.changes.apply(id, finish);
	}

	Clock clock() {
		return this.changes.clock();
	}

}
