package cloud.ims.provisioning;

import cloud.ims.core.common.Actor;
import cloud.ims.core.job.JobId;
import cloud.ims.core.server.ServerId;

/**
 * One ECS of a batch operation: what to do with it, and which sub-job reports on it.
 */
record OperationOrder(JobId jobId, int subJobIndex, ServerId serverId, Operation operation, boolean hard,
		Actor actor) {

	/** The lifecycle operations. */
	enum Operation {

		START, STOP, REBOOT, DELETE

	}

}
