package cloud.ims.provisioning;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.job.SubJobOutcome;
import org.springframework.stereotype.Component;

/**
 * Ends a batch operation (start, stop, reboot, delete) when every ECS has its outcome: the job succeeds when every
 * sub-job did; otherwise it fails with how many failed and the first reason, while the others keep their success.
 */
@Component
class OperationProgress {

	private final SubJobs subJobs;

	private final StoreSteps steps;

	OperationProgress(SubJobs subJobs, StoreSteps steps) {
		this.subJobs = subJobs;
		this.steps = steps;
	}

	/** Records the outcome on the store steps' pool; the future completes once it is stored. */
	CompletableFuture<Void> recordOutcome(OperationOrder order, SubJobOutcome outcome) {
		return this.steps.run(() -> {
			if (this.subJobs.record(order.jobId(), order.subJobIndex(), outcome).isReadyToFinish()) {
				this.subJobs.finish(order.jobId(), this::finish);
			}
		});
	}

	private Optional<Job> finish(Job job) {
		long failed = job.finishedSubJobs() - job.succeededSubJobs();
		if (failed == 0) {
			return job.succeed(Map.of(), this.subJobs.clock().instant());
		}
		SubJob first = job.subJobs().stream().filter((subJob) -> subJob.status() == JobStatus.FAIL).findFirst()
			.orElseThrow();
		return job.fail(first.errorCode(), failed + " of " + job.subJobs().size() + " ECSs failed; the first: "
				+ first.failReason(), this.subJobs.clock().instant());
	}

}
