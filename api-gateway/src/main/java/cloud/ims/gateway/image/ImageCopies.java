package cloud.ims.gateway.image;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.gateway.job.CommandDispatcher;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Copies an image within the region (Huawei's CopyImageInRegion): a new private image of the caller's project that
 * shares the source's stored data, so nothing is copied but metadata. The copy counts against the image quota. As for
 * every image the gateway creates (ADR 29), the quota unit comes first, then the job with its command, then the
 * image; the image-worker records the image from the command if the gateway stopped before it, and gives it the data.
 */
@Component
class ImageCopies {

	private final ImageAccess access;

	private final Images images;

	private final Jobs jobs;

	private final ImageQuotas quotas;

	private final CommandDispatcher dispatcher;

	private final Clock clock;

	ImageCopies(ImageAccess access, Images images, Jobs jobs, ImageQuotas quotas, CommandDispatcher dispatcher,
			Clock clock) {
		this.access = access;
		this.images = images;
		this.jobs = jobs;
		this.quotas = quotas;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	Mono<JobId> copy(Caller caller, String sourceId, CopyImageRequest request) {
		CopyImageRequest.Checked checked = request.checked();
		return this.access.visible(caller, sourceId).flatMap((source) -> {
			Instant now = this.clock.instant();
			JobId jobId = JobId.newId();
			Image copy = source.copyFor(caller.projectId(), ImageId.newId(), checked.name(), checked.description(),
					jobId.value(), now);
			Job job = Job.accepted(jobId, JobType.COPY_IMAGE, caller.actor(),
					Map.of("image_id", copy.id().value(), "source_image_id", source.id().value()), List.of(),
					ImageCommands.copyImage(jobId, copy, source.id(), caller, now), now);
			// The copy's bytes count for the caller's project although the file is shared (ADR 38).
			return this.quotas.admitBytes(caller.projectId(), (source.data() != null) ? source.data().size() : 0)
				.then(this.quotas.reserving(caller.projectId(),
					this.jobs.insert(job).then(this.images.insertIfAbsent(copy, caller.actor()))))
				.then(Mono.fromRunnable(() -> this.dispatcher.dispatchLater(job)))
				.thenReturn(jobId);
		});
	}

}
