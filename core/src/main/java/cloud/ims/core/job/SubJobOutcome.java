package cloud.ims.core.job;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How one sub-job ended: success, or failure with an error code and a reason.
 */
public record SubJobOutcome(boolean success, @Nullable String errorCode, @Nullable String failReason) {

	public static SubJobOutcome succeeded() {
		return new SubJobOutcome(true, null, null);
	}

	public static SubJobOutcome failed(String errorCode, String failReason) {
		return new SubJobOutcome(false, errorCode, failReason);
	}

	public JobStatus status() {
		return this.success ? JobStatus.SUCCESS : JobStatus.FAIL;
	}

	SubJob applyTo(SubJob subJob, Instant at) {
		if (this.success) {
			return subJob.succeeded(at);
		}
		return subJob.failed(this.errorCode, this.failReason, at);
	}

}
