package cloud.ims.gateway.server;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import cloud.ims.core.common.Ids;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.Servers;
import cloud.ims.gateway.job.CommandDispatcher;
import cloud.ims.gateway.security.Caller;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.OperateServers;
import cloud.ims.messages.ServerOperation;
import cloud.ims.messages.ServerTarget;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.Topics;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Accepts start, stop, reboot and delete of one or many ECSs as a job with one sub-job per ECS. Every ECS must be
 * the caller's; whether its state allows the operation is decided per ECS when it runs, in its own sub-job.
 */
@Component
public class ServerOperations {

	static final int MAX_SERVERS = 1000;

	private final Servers servers;

	private final Jobs jobs;

	private final CommandDispatcher dispatcher;

	private final Clock clock;

	ServerOperations(Servers servers, Jobs jobs, CommandDispatcher dispatcher, Clock clock) {
		this.servers = servers;
		this.jobs = jobs;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	public Mono<JobId> accept(Caller caller, Operation operation, boolean hard, List<String> serverIds) {
		Set<String> ids = new LinkedHashSet<>(serverIds);
		if (ids.isEmpty() || ids.size() > MAX_SERVERS) {
			throw new ImsException(Kind.INVALID, "Ecs.0005",
					"servers must list 1 to " + MAX_SERVERS + " ECSs; it lists " + ids.size() + ".");
		}
		return Flux.fromIterable(ids)
			.concatMap((id) -> Ids.isWellFormed(id)
					? this.servers.findInProject(new ServerId(id), caller.projectId()).map((server) -> id)
						.defaultIfEmpty("missing:" + id)
					: Mono.just("missing:" + id))
			.collectList()
			.flatMap((found) -> {
				List<String> missing = found.stream().filter((id) -> id.startsWith("missing:"))
					.map((id) -> id.substring("missing:".length())).toList();
				if (!missing.isEmpty()) {
					return Mono.error(new ImsException(Kind.NOT_FOUND, "Ecs.0404", "ECS(s) " + missing
							+ " do not exist in project " + caller.projectId() + "; nothing was done. Check the ids."));
				}
				return record(caller, operation, hard, new ArrayList<>(ids));
			});
	}

	private Mono<JobId> record(Caller caller, Operation operation, boolean hard, List<String> ids) {
		Instant now = this.clock.instant();
		JobId jobId = JobId.newId();
		List<SubJob> subJobs = ids.stream()
			.map((id) -> SubJob.pending(Ids.newId(), operation.subJobType, Map.of("server_id", id)))
			.toList();
		OperateServers command = OperateServers.newBuilder()
			.setContext(MessageContext.newBuilder()
				.setMessageId(UUID.randomUUID().toString())
				.setJobId(jobId.value())
				.setOccurredAt(now)
				.setCorrelationId(caller.requestId())
				.setProjectId(caller.projectId())
				.setUserId(caller.userId())
				.build())
			.setOperation(operation.message)
			.setHard(hard)
			.setServers(IntStream.range(0, ids.size())
				.mapToObj((index) -> ServerTarget.newBuilder().setServerId(ids.get(index)).setSubJobIndex(index).build())
				.toList())
			.build();
		Job job = Job.accepted(jobId, operation.jobType, caller.actor(), Map.of(), subJobs,
				new OutboxMessage(Topics.SERVER_COMMANDS, jobId.value(), MessageCodec.standard().encode(command), false),
				now);
		return this.jobs.insert(job).doOnNext(this.dispatcher::dispatchLater).map(Job::id);
	}

	/** The operations, with their job types and command. */
	public enum Operation {

		START(JobType.START_SERVER, JobType.START_SINGLE_SERVER, ServerOperation.START),
		STOP(JobType.STOP_SERVER, JobType.STOP_SINGLE_SERVER, ServerOperation.STOP),
		REBOOT(JobType.REBOOT_SERVER, JobType.REBOOT_SINGLE_SERVER, ServerOperation.REBOOT),
		DELETE(JobType.DELETE_SERVER, JobType.DELETE_SINGLE_SERVER, ServerOperation.DELETE);

		private final JobType jobType;

		private final JobType subJobType;

		private final ServerOperation message;

		Operation(JobType jobType, JobType subJobType, ServerOperation message) {
			this.jobType = jobType;
			this.subJobType = subJobType;
			this.message = message;
		}

	}

}
