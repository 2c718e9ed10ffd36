package cloud.ims.gateway.image;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.Images;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.gateway.job.CommandDispatcher;
import cloud.ims.gateway.security.Caller;
import cloud.ims.messages.ImageChange;
import cloud.ims.messaging.StatusEvents;
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

	private final StatusEvents events;

	private final Clock clock;

	ImageDeletion(ImageAccess access, Images images, Jobs jobs, ImageQuotas quotas, CommandDispatcher dispatcher,
			StatusEvents events, Clock clock) {
		this.access = access;
		this.images = images;
		this.jobs = jobs;
		this.quotas = quotas;
		this.dispatcher = dispatcher;
		this.events = events;
		this.clock = clock;
	}

	/** Deletes the image and answers the job that removes its data (empty when it was deleted already). */
	public Mono<JobId> delete(Caller caller, String imageId) {
		return this.access.visible(caller, imageId)
			.flatMap((image) -> this.images.transition(image.id(), (current) -> {
				requireDeletable(caller, current);
				return current.delete(this.clock.instant());
			}))
			.flatMap((deleted) -> {
				this.events.imageChanged(deleted, ImageChange.DELETED, caller.actor());
				return this.quotas.release(deleted.owner()).then(recordDataRemoval(caller, deleted));
			});
	}

	private Mono<JobId> recordDataRemoval(Caller caller, Image image) {
		Instant now = this.clock.instant();
		JobId jobId = JobId.newId();
		Job job = Job.accepted(jobId, JobType.DELETE_IMAGE, caller.actor(), Map.of("image_id", image.id().value()),
				List.of(), ImageCommands.deleteData(jobId, image, caller, now), now);
		return this.jobs.insert(job).doOnNext(this.dispatcher::dispatchLater).map(Job::id);
	}

	private static void requireDeletable(Caller caller, Image image) {
		ImageAccess.requireChangeable(caller, image);
		if (image.isProtected()) {
			throw new ImsException(Kind.CONFLICT, "IMG.0028", "Image " + image.id()
					+ " is protected. Set protected to false first if you really want to delete it.");
		}
		if (image.isBeingCreated()) {
			throw new ImsException(Kind.CONFLICT, "IMG.0090", "Image " + image.id()
					+ " is being created. Wait until its job ends, then delete it.");
		}
	}

}
