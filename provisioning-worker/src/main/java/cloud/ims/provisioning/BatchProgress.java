package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.server.Fault;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerStatus;
import cloud.ims.messaging.StatusEvents;
import org.springframework.stereotype.Component;

/**
 * Records each ECS's outcome on its sub-job and ends the batch job when the last one is in. The batch policy
 * is best effort: the job succeeds when at least one ECS was created, and each sub-job tells its own outcome.
 */
@Component
class BatchProgress {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Jobs jobs;

	private final StatusEvents events;

	private final Clock clock;

	BatchProgress(Jobs jobs, StatusEvents events, Clock clock) {
		this.jobs = jobs;
		this.events = events;
		this.clock = clock;
	}

	void started(Job job) {
		this.events.jobChanged(job);
	}

	void recordOutcome(ServerOrder order, Server server) {
		SubJobOutcome outcome = outcomeOf(server);
		Job job = this.jobs
			.update(order.jobId(), (current) -> current.finishSubJob(order.subJobIndex(), outcome, this.clock.instant()))
			.block(STORE_TIMEOUT);
		this.events.jobChanged(job);
		if (job.allSubJobsFinished() && !job.status().isTerminal()) {
			Job finished = this.jobs.update(order.jobId(), this::finish).block(STORE_TIMEOUT);
			this.events.jobChanged(finished);
		}
	}

	private Optional<Job> finish(Job job) {
		long succeeded = job.succeededSubJobs();
		if (succeeded > 0) {
			return job.succeed(Map.of(), this.clock.instant());
		}
		SubJob first = job.subJobs().get(0);
		return job.fail("Ecs.0010", "None of the " + job.subJobs().size() + " ECSs could be created; the first failed with "
				+ first.errorCode() + ": " + first.failReason(), this.clock.instant());
	}

	private static SubJobOutcome outcomeOf(Server server) {
		if (server.status() == ServerStatus.ERROR) {
			Fault fault = server.fault();
			return SubJobOutcome.failed((fault != null) ? fault.code() : "Ecs.0500",
					(fault != null) ? fault.message() : "The ECS could not be created.");
		}
		return SubJobOutcome.succeeded();
	}

}
