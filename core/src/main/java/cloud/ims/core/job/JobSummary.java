package cloud.ims.core.job;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What operators count about a job: its type, where it stands and when it was accepted and ended, without its
 * sub-jobs, entities or command, so that a window of thousands of jobs stays cheap to read.
 */
public record JobSummary(JobId id, JobType type, JobStatus status, Instant createdAt, @Nullable Instant endTime,
		@Nullable String errorCode, @Nullable String failReason) {

	/** From acceptance to end, as the client waited for it; only for a job that ended. */
	public Duration duration() {
		if (this.endTime == null) {
			throw new IllegalStateException("Job " + this.id.value() + " has not ended");
		}
		return Duration.between(this.createdAt, this.endTime);
	}

	public boolean endedWithin(Instant from, Instant to) {
		return this.endTime != null && !this.endTime.isBefore(from) && this.endTime.isBefore(to);
	}

	public boolean acceptedWithin(Instant from, Instant to) {
		return !this.createdAt.isBefore(from) && this.createdAt.isBefore(to);
	}

}
