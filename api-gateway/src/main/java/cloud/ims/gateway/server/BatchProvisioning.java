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
import cloud.ims.core.image.Images;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.quota.ComputeUsage;
import cloud.ims.core.server.BatchPolicy;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.Servers;
import cloud.ims.gateway.job.CommandDispatcher;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.server.CreateServersRequest.BatchPolicyRequest;
import cloud.ims.gateway.server.CreateServersRequest.ServerSpec;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Accepts a request for one or many ECSs: validates it completely, records the job with its command
 * (the outbox) and the ECSs in BUILD, and hands the command to Kafka. Nothing is created when validation fails.
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

	/** Validates everything, the quota included, and answers the plan, creating nothing. */
	public Mono<Plan> check(Caller caller, CreateServersRequest request) {
		return validate(caller, request).flatMap((plan) -> this.quotas.check(caller.projectId(), plan.demand())
			.thenReturn(plan));
	}

	private Mono<Plan> validate(Caller caller, CreateServersRequest request) {
		HuaweiServerFields.requireKnown("the request", request.ignored(), HuaweiServerFields.REQUEST);
		ServerSpec spec = required(request.server(), "server");
		HuaweiServerFields.requireKnown("server", spec.ignored(), HuaweiServerFields.SERVER);
		if (spec.rootVolume() != null) {
			HuaweiServerFields.requireKnown("server.root_volume", spec.rootVolume().ignored(),
					HuaweiServerFields.ROOT_VOLUME);
		}
		String imageRef = required(spec.imageRef(), "server.imageRef");
		Flavor flavor = this.flavors.require(required(spec.flavorRef(), "server.flavorRef"));
		int count = (spec.count() != null) ? spec.count() : 1;
		if (count < 1 || count > this.settings.maxCount()) {
			throw invalid("server.count=" + count + " is out of range; request 1 to " + this.settings.maxCount()
					+ " ECSs at a time.");
		}
		List<String> names = ServerNames.forBatch(required(spec.name(), "server.name"), count,
				Boolean.TRUE.equals(spec.isAutoRename()));
		if (spec.description() != null && spec.description().length() > 85) {
			throw invalid("server.description is longer than 85 characters; shorten it.");
		}
		BatchPolicy policy = policy(request.batchPolicy(), count);
		return usableImage(caller, imageRef).map((image) -> new Plan(image, flavor, names, rootVolume(spec, image, flavor),
				(spec.metadata() != null) ? spec.metadata() : Map.of(), spec.description(), policy));
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
		List<ServerId> ids = ServerId.newBatch(plan.names().size());
		List<Server> batch = IntStream.range(0, ids.size())
			.mapToObj((index) -> Server.building(ids.get(index), plan.names().get(index), caller.projectId(),
					caller.userId(), plan.image().id(), plan.flavor(), plan.rootVolumeGb(), plan.metadata(),
					plan.description(), jobId.value(), now))
			.toList();
		List<SubJob> subJobs = IntStream.range(0, batch.size())
			.mapToObj((index) -> SubJob.pending(Ids.newId(), JobType.CREATE_SINGLE_SERVER,
					Map.of("server_id", batch.get(index).id().value())))
			.toList();
		Map<String, String> entities = new HashMap<>(plan.policy().asEntities());
		entities.put("image_id", plan.image().id().value());
		Job job = Job.accepted(jobId, JobType.CREATE_SERVER, caller.actor(), entities, subJobs,
				ProvisioningCommands.provisionBatch(jobId, caller.actor(), batch, now), now);
		return this.jobs.insert(job)
			.flatMap((accepted) -> this.servers.insertAll(batch, caller.actor()).thenReturn(accepted))
			.doOnNext(this.dispatcher::dispatchLater)
			.map((accepted) -> new Accepted(accepted.id(), batch.stream().map((server) -> server.id().value()).toList()));
	}

	private static BatchPolicy policy(@Nullable BatchPolicyRequest request, int count) {
		if (request == null || request.mode() == null) {
			if (request != null && request.minCount() != null) {
				throw invalid("batch_policy.min_count needs batch_policy.mode all_or_nothing.");
			}
			return BatchPolicy.bestEffort();
		}
		BatchPolicy.Mode mode = BatchPolicy.Mode.fromWireNameOrNull(request.mode());
		if (mode == null) {
			throw invalid("batch_policy.mode '" + request.mode() + "' is invalid; use best_effort or all_or_nothing.");
		}
		if (mode == BatchPolicy.Mode.BEST_EFFORT) {
			if (request.minCount() != null) {
				throw invalid("batch_policy.min_count applies only to mode all_or_nothing.");
			}
			return BatchPolicy.bestEffort();
		}
		int minCount = (request.minCount() != null) ? request.minCount() : count;
		if (minCount < 1 || minCount > count) {
			throw invalid("batch_policy.min_count=" + minCount + " is out of range; use 1 to server.count (" + count + ").");
		}
		return new BatchPolicy(mode, minCount);
	}

	private Mono<Image> usableImage(Caller caller, String imageRef) {
		if (!Ids.isWellFormed(imageRef)) {
			return Mono.error(new ImsException(Kind.INVALID, "Ecs.0114", "server.imageRef '" + imageRef
					+ "' is not an image id. Use the id of an image from GET /v2/cloudimages."));
		}
		return this.images.findVisible(new ImageId(imageRef), caller.projectId())
			.switchIfEmpty(Mono.error(() -> new ImsException(Kind.INVALID, "Ecs.0114", "Image " + imageRef
					+ " does not exist or is not visible to this project. Use an image from GET /v2/cloudimages.")))
			.filter(Image::isActive)
			.switchIfEmpty(Mono.error(() -> new ImsException(Kind.CONFLICT, "Ecs.0115", "Image " + imageRef
					+ " is not active, so no ECS can be created from it. Wait until its status is active.")));
	}

	private int rootVolume(ServerSpec spec, Image image, Flavor flavor) {
		int minimum = Math.max(1, image.minDisk());
		Integer requested = (spec.rootVolume() != null) ? spec.rootVolume().size() : null;
		int size = (requested != null) ? requested : Math.max(minimum, flavor.diskGb());
		if (size < minimum || size > this.settings.maxRootVolumeGb()) {
			throw invalid("server.root_volume.size=" + size + " GB is out of range: image " + image.id()
					+ " needs at least " + minimum + " GB and the limit is " + this.settings.maxRootVolumeGb() + " GB.");
		}
		return size;
	}

	private static <T> T required(@Nullable T value, String field) {
		if (value == null || (value instanceof String text && text.isBlank())) {
			throw invalid("Missing " + field + ". Add it to the request body.");
		}
		return value;
	}

	private static ImsException invalid(String message) {
		return new ImsException(Kind.INVALID, "Ecs.0005", message);
	}

	/** A validated request: what will be created. */
	public record Plan(Image image, Flavor flavor, List<String> names, int rootVolumeGb, Map<String, String> metadata,
			@Nullable String description, BatchPolicy policy) {

		ComputeUsage demand() {
			return ComputeUsage.of(this.names.size(), this.flavor.vcpus(), this.flavor.ramMb());
		}

	}

	/** An accepted request: the job and the ids its ECSs will have. */
	public record Accepted(JobId jobId, List<String> serverIds) {
	}

}
