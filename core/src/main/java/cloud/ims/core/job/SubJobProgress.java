package cloud.ims.core.job;

import cloud.ims.core.common.Actor;

/**
 * Where a batch job stands after one sub-job's outcome was recorded: enough to report progress and to know when the
 * last outcome is in, without reading the whole job. {@code firstOutcome} is false for a replay, whose sub-job had
 * its outcome already.
 */
public record SubJobProgress(JobId jobId, JobType type, Actor actor, JobStatus status, int total, int finished,
		int succeeded, boolean firstOutcome) {

	public boolean isReadyToFinish() {
		return this.finished == this.total && !this.status.isTerminal();
	}

	public double processPercent() {
		return (this.total == 0) ? 1.0 : (double) this.finished / this.total;
	}

}
