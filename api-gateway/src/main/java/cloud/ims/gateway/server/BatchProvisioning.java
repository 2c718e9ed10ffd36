package cloud.ims.gateway.server;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.common.Ids;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.quota.ComputeUsage;
import cloud.ims.core.server.BatchLimits;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerBatch;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.Servers;
import cloud.ims.gateway.job.CommandDispatcher;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Accepts a batch of one or many ECSs: checks what needs a lookup (flavor, image, quota), records the job with its
 * command (the outbox) and the ECSs in BUILD, and hands the command to Kafka. Nothing is created when a check fails.
 */
@Component
public class BatchProvisioning {

	private final Images images;

	private final Jobs jobs;

	private final Servers servers;

	private final FlavorCatalogue flavors;

	private final ServerSettings settings;

	private final ComputeQuotas quotas;

	private final CommandDispatcher dispatcher;

	private final Clock clock;

	BatchProvisioning(Images images, Jobs jobs, Servers servers, FlavorCatalogue flavors, ServerSettings settings,
			ComputeQuotas quotas, CommandDispatcher dispatcher, Clock clock) {
		this.images = images;
		this.jobs = jobs;
		this.servers = servers;
		this.flavors = flavors;
		this.settings = settings;
		this.quotas = quotas;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	/**
	 * Checks what the batch's own rules could not: the flavor, the image and the system disk it allows, and the quota;
	 * answers the plan, creating nothing.
	 */
	public Mono<Plan> check(Caller caller, ServerBatch batch) {
		Flavor flavor = this.flavors.require(batch.flavorRef());
		return usableImage(caller, batch.imageRef())
			.map((image) -> new Plan(batch, image, flavor, batch.rootVolumeGb(image, flavor)))
			.flatMap((plan) -> this.quotas.check(caller.projectId(), plan.demand()).thenReturn(plan));
	}

	/** The limits every batch is checked against, for those who map requests of their own (the console). */
	public BatchLimits limits() {
		return this.settings.batchLimits();
	}

	/**
	 * Reserves the quota, records the job and its ECSs, dispatches the command, and answers the accepted job. The
	 * quota is released again if the job cannot be recorded.
	 */
	public Mono<Accepted> accept(Caller caller, Plan plan) {
		return this.quotas.reserve(caller.projectId(), plan.demand())
			.then(record(caller, plan)
				.onErrorResume((failure) -> this.quotas.release(caller.projectId(), plan.demand()).then(Mono.error(failure))));
	}

	private Mono<Accepted> record(Caller caller, Plan plan) {
		Instant now = this.clock.instant();
		JobId jobId = JobId.newId();
		List<String> names = plan.batch().names();
		List<ServerId> ids = ServerId.newBatch(names.size());
		List<Server> batch = IntStream.range(0, ids.size())
			.mapToObj((index) -> Server.building(ids.get(index), names.get(index), caller.projectId(), caller.userId(),
					plan.image().id(), plan.flavor(), plan.rootVolumeGb(), plan.batch().metadata(),
					plan.batch().description(), jobId.value(), now))
			.toList();
		List<SubJob> subJobs = IntStream.range(0, batch.size())
			.mapToObj((index) -> SubJob.pending(Ids.newId(), JobType.CREATE_SINGLE_SERVER,
					Map.of("server_id", batch.get(index).id().value())))
			.toList();
		Map<String, String> entities = new HashMap<>(plan.batch().policy().asEntities());
		entities.put("image_id", plan.image().id().value());
		Job job = Job.accepted(jobId, JobType.CREATE_SERVER, caller.actor(), entities, subJobs,
				ProvisioningCommands.provisionBatch(jobId, caller.actor(), batch, now), now);
		return this.jobs.insert(job)
			.flatMap((accepted) -> this.servers.insertAll(batch, caller.actor()).thenReturn(accepted))
			.doOnNext(this.dispatcher::dispatchLater)
			.map((accepted) -> new Accepted(accepted.id(), batch.stream().map((server) -> server.id().value()).toList()));
	}

	private Mono<Image> usableImage(Caller caller, String imageRef) {
		if (!Ids.isWellFormed(imageRef)) {
			return Mono.error(new ImsException(Kind.INVALID, "Ecs.0114", "server.imageRef '" + imageRef
					+ "' is not an image id. Use the id of an image from GET /v2/cloudimages."));
		}
		return this.images.findShown(new ImageId(imageRef), caller.projectId())
			.switchIfEmpty(Mono.error(() -> new ImsException(Kind.INVALID, "Ecs.0114", "Image " + imageRef
					+ " does not exist or is not visible to this project. Use an image from GET /v2/cloudimages.")))
			.doOnNext((image) -> {
				if (!image.isUsableBy(caller.projectId())) {
					throw new ImsException(Kind.FORBIDDEN, "Ecs.0121", "Image " + imageRef + " is shared with this "
							+ "project but not accepted. Accept it first (PUT /v1/cloudimages/members with status "
							+ "accepted, or PUT /v2/images/" + imageRef + "/members/" + caller.projectId() + ").");
				}
			})
			.doOnNext((image) -> {
				if (image.status() == ImageStatus.DEACTIVATED) {
					throw new ImsException(Kind.CONFLICT, "Ecs.0117", "Image " + imageRef
							+ " is deactivated, so no ECS can be created from it until its owner reactivates it.");
				}
			})
			.filter(Image::isActive)
			.switchIfEmpty(Mono.error(() -> new ImsException(Kind.CONFLICT, "Ecs.0115", "Image " + imageRef
					+ " is not active, so no ECS can be created from it. Wait until its status is active.")));
	}

	/** A checked batch: what will be created. */
	public record Plan(ServerBatch batch, Image image, Flavor flavor, int rootVolumeGb) {

		ComputeUsage demand() {
			return ComputeUsage.of(this.batch.names().size(), this.flavor.vcpus(), this.flavor.ramMb());
		}

	}

	/** An accepted request: the job and the ids its ECSs will have. */
	public record Accepted(JobId jobId, List<String> serverIds) {
	}

}
