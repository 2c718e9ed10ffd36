package cloud.ims.gateway.image;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.Ids;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageDraft;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.OperatingSystem;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.Servers;
import cloud.ims.gateway.job.CommandDispatcher;
import cloud.ims.gateway.security.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Accepts the capture of an ECS into a private image: checks the ECS is the caller's and ACTIVE or SHUTOFF,
 * records the job with its command and the image in {@code queued}, and hands the command to Kafka.
 */
@Component
public class ImageCapture {

	private final Servers servers;

	private final Images images;

	private final Jobs jobs;

	private final ImageQuotas quotas;

	private final CommandDispatcher dispatcher;

	private final Clock clock;

	private final UploadStorage storage;

	ImageCapture(Servers servers, Images images, Jobs jobs, ImageQuotas quotas, CommandDispatcher dispatcher,
			UploadStorage storage, Clock clock) {
		this.storage = storage;
		this.servers = servers;
		this.images = images;
		this.jobs = jobs;
		this.quotas = quotas;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	public Mono<JobId> accept(Caller caller, ImageDraft draft, String instanceId) {
		return ecs(caller, instanceId).flatMap((server) -> {
			server.requireCapturable();
			// The disk's size is known once the image-worker exports it, which reserves it; here only a full quota
			// or store refuses (ADR 38).
			return this.storage.admit(caller.projectId(), -1)
				.then(this.quotas.reserving(caller.projectId(), record(caller, draft, server)));
		});
	}

	private Mono<JobId> record(Caller caller, ImageDraft draft, Server server) {
		Instant now = this.clock.instant();
		JobId jobId = JobId.newId();
		ImageId imageId = ImageId.newId();
		return this.images.find(server.imageId())
			.map((source) -> queuedImage(imageId, draft, caller, server, source, jobId, now))
			.defaultIfEmpty(queuedImage(imageId, draft, caller, server, null, jobId, now))
			.flatMap((image) -> {
				Job job = Job.accepted(jobId, JobType.CREATE_IMAGE_BY_INSTANCE, caller.actor(),
						Map.of("image_id", imageId.value(), "server_id", server.id().value()), List.of(),
						ImageCommands.capture(jobId, image, caller, server, now), now);
				return this.jobs.insert(job).then(this.images.insertIfAbsent(image, caller.actor())).thenReturn(job);
			})
			.doOnNext(this.dispatcher::dispatchLater)
			.map(Job::id);
	}

	/** The new image inherits what its source ECS's image says about the operating system, and its disk size. */
	private static Image queuedImage(ImageId imageId, ImageDraft draft, Caller caller, Server server,
			@Nullable Image source, JobId jobId, Instant now) {
		return draft.queued(imageId, caller.projectId(), Math.max(server.rootVolumeGb(), (source != null) ? source.minDisk() : 1),
				(source != null) ? OperatingSystem.of(source) : OperatingSystem.unknown("Linux"),
				"instance," + server.id().value(), Map.of(), jobId.value(), now);
	}

	private Mono<Server> ecs(Caller caller, String instanceId) {
		Mono<Server> missing = Mono.error(() -> new ImsException(Kind.INVALID, "IMG.0003", "ECS " + instanceId
				+ " does not exist in project " + caller.projectId() + ". Use the id of one of your ECSs."));
		if (!Ids.isWellFormed(instanceId)) {
			return missing;
		}
		return this.servers.findInProject(new ServerId(instanceId), caller.projectId()).switchIfEmpty(missing);
	}

}
