package cloud.ims.gateway.image;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.Image;
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
 * Deletes an image: it leaves every list at once and its quota is released; a job has the image-worker remove its
 * data from the image store. ECSs created from it keep working (the VMware Service keeps its own base disk).
 */
@Component
public class ImageDeletion {

	private final ImageAccess access;

	private final Images images;

	private final Jobs jobs;

	private final ImageQuotas quotas;

	private final CommandDispatcher dispatcher;


	private final Clock clock;

	ImageDeletion(ImageAccess access, Images images, Jobs jobs, ImageQuotas quotas, CommandDispatcher dispatcher,
			Clock clock) {
		this.access = access;
		this.images = images;
		this.jobs = jobs;
		this.quotas = quotas;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	/**
	 * Deletes the image and answers the job that removes its data (empty when it was deleted already). The job is
	 * recorded first: a crash after it leaves the image-worker to finish the deletion, a crash before it leaves the
	 * image as it was; the data goes only once the image is deleted.
	 */
	public Mono<JobId> delete(Caller caller, String imageId) {
		return this.access.visible(caller, imageId).flatMap((image) -> {
			image.requireChangeableBy(caller.isAdmin());
			if (image.deleteOnRequest(this.clock.instant()).isEmpty()) {
				return Mono.empty();
			}
			Job job = dataRemoval(caller, image);
			return this.jobs.insert(job)
				.then(this.images.transition(image.id(), (current) -> current.deleteOnRequest(this.clock.instant()),
						caller.actor()))
				.flatMap((deleted) -> Image.releasesQuota(deleted) ? this.quotas.release(deleted).then()
						: Mono.<Void>empty())
				.then(Mono.fromRunnable(() -> this.dispatcher.dispatchLater(job)))
				.thenReturn(job.id())
				.onErrorResume(ImsException.class, (refused) -> this.jobs
					.update(job.id(), (current) -> current.fail(refused.code(), refused.getMessage(), this.clock.instant()))
					.then(Mono.error(refused)));
		});
	}

	private Job dataRemoval(Caller caller, Image image) {
		Instant now = this.clock.instant();
		JobId jobId = JobId.newId();
		return Job.accepted(jobId, JobType.DELETE_IMAGE, caller.actor(), Map.of("image_id", image.id().value()),
				List.of(), ImageCommands.deleteData(jobId, image, caller, now), now);
	}

}
