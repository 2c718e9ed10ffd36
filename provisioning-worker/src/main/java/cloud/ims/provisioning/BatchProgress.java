package cloud.ims.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.server.BatchPolicy;
import cloud.ims.core.server.Fault;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.ServerStatus;
import cloud.ims.core.server.Servers;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records each ECS's outcome on its sub-job and ends the batch job by its policy when the last one is in. Best
 * effort: the job succeeds when at least one ECS was created. All or nothing: when fewer than the minimum were
 * created, every ECS of the job is deleted again (its quota released) before the job fails, so that the job never
 * ends with a half-built batch. The rollback is idempotent: a redelivered last outcome repeats it harmlessly.
 */
@Component
class BatchProgress {

	private static final int ROLLBACK_CONCURRENCY = 8;

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final SubJobs subJobs;

	private final Jobs jobs;

	private final Servers servers;

	private final ServerLifecycle lifecycle;

	private final StoreSteps steps;

	BatchProgress(SubJobs subJobs, Jobs jobs, Servers servers, ServerLifecycle lifecycle, StoreSteps steps) {
		this.steps = steps;
		this.subJobs = subJobs;
		this.jobs = jobs;
		this.servers = servers;
		this.lifecycle = lifecycle;
	}

	/** Records the ECS's outcome on the store steps' pool; the future completes once it (and any rollback) is done. */
	CompletableFuture<Void> recordOutcome(ServerOrder order, Server server) {
		return this.steps.supply(() -> {
			if (!this.subJobs.record(order.jobId(), order.subJobIndex(), outcomeOf(server)).isReadyToFinish()) {
				return CompletableFuture.<Void>completedFuture(null);
			}
			Job job = this.jobs.find(order.jobId()).block(STORE_TIMEOUT);
			BatchPolicy policy = BatchPolicy.fromEntities(job.entities());
			long created = job.succeededSubJobs();
			if (policy.isMet(created)) {
				this.subJobs.finish(job.id(), (current) -> current.succeed(Map.of(), this.subJobs.clock().instant()));
				return CompletableFuture.<Void>completedFuture(null);
			}
			CompletableFuture<Void> rollBack = (policy.mode() == BatchPolicy.Mode.ALL_OR_NOTHING) ? rollBack(job, order)
					: CompletableFuture.completedFuture(null);
			return rollBack.thenRunAsync(() -> this.subJobs.finish(job.id(), (current) -> fail(current, policy)),
					this.steps.executor());
		}).thenCompose((finished) -> finished);
	}

	/** Deletes every ECS of the job, a few at a time; no thread waits for the VMware Service meanwhile. */
	private CompletableFuture<Void> rollBack(Job job, ServerOrder order) {
		List<ServerId> ids = job.subJobs().stream().map((subJob) -> new ServerId(subJob.entities().get("server_id"))).toList();
		return Flux.fromIterable(ids)
			.flatMap((id) -> this.servers.find(id), ROLLBACK_CONCURRENCY)
			.filter((server) -> server.status() != ServerStatus.DELETED)
			.flatMap((server) -> Mono.fromFuture(() -> this.lifecycle.delete(server, order.actor())), ROLLBACK_CONCURRENCY)
			.then()
			.toFuture();
	}

	private Optional<Job> fail(Job job, BatchPolicy policy) {
		long created = job.succeededSubJobs();
		long failed = job.subJobs().size() - created;
		SubJob first = job.subJobs().stream().filter((subJob) -> subJob.status() == JobStatus.FAIL).findFirst()
			.orElseThrow();
		String reason = (policy.mode() == BatchPolicy.Mode.ALL_OR_NOTHING)
				? failed + " of " + job.subJobs().size() + " ECSs failed, so only " + created + " could be created where "
						+ policy.minCount() + " were required; every ECS of this job was deleted again and its quota "
						+ "released. The first failure: " + first.errorCode() + " " + first.failReason()
				: "None of the " + job.subJobs().size() + " ECSs could be created; the first failed with "
						+ first.errorCode() + ": " + first.failReason();
		return job.fail("Ecs.0010", reason, this.subJobs.clock().instant());
	}

	private static SubJobOutcome outcomeOf(Server server) {
		if (server.status() == ServerStatus.ERROR) {
			Fault fault = server.fault();
			return SubJobOutcome.failed((fault != null) ? fault.code() : "Ecs.0500",
					(fault != null) ? fault.message() : "The ECS could not be created.");
		}
		if (server.status() == ServerStatus.DELETED) {
			return SubJobOutcome.failed("Ecs.0404", "The ECS was deleted while it was being created.");
		}
		return SubJobOutcome.succeeded();
	}

}
