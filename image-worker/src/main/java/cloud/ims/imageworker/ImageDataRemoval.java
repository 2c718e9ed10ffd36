package cloud.ims.imageworker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.StagedData;
import cloud.ims.core.job.JobId;
import cloud.ims.core.quota.ImageBytes;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.core.store.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes a deleted image's data: the VMware Service's copy of it (a template made on its first use; ECSs made from
 * it keep working), then the image store's name for it. Copies share their source's stored object (ADR 33): the bytes
 * stay while another image names them and go with the last, which the store decides in one atomic step, so a removal
 * racing a copy either leaves the copy its data or fails the copy. Idempotent: data already gone is success. A store or a VMware Service
 * that is unavailable is retried by the listener container with back-off, so the job ends only when the data is gone.
 * Data goes only once its image is deleted: an image the gateway did not get to delete (it stopped after it recorded
 * the job) is deleted here first, as its user asked, unless its state forbids it now.
 */
@Component
class ImageDataRemoval {

	private static final Logger log = LoggerFactory.getLogger(ImageDataRemoval.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final ImageStore store;

	private final JobReporter jobs;

	private final ComputeDriver compute;

	private final Images images;

	private final ProjectQuotas quotas;

	private final Clock clock;

	ImageDataRemoval(ImageStore store, JobReporter jobs, ComputeDriver compute, Images images, ProjectQuotas quotas,
			Clock clock) {
		this.store = store;
		this.jobs = jobs;
		this.compute = compute;
		this.images = images;
		this.quotas = quotas;
		this.clock = clock;
	}

	void remove(JobId jobId, ImageId imageId, Actor actor) {
		try {
			this.images.transition(imageId, (image) -> image.deleteOnRequest(this.clock.instant()), actor)
				.filter(Image::releasesQuota)
				.flatMap((deleted) -> this.quotas.update(deleted.after().owner(),
						(quota) -> quota.releaseImage(ImageBytes.heldBy(deleted.before()))))
				.block(STORE_TIMEOUT);
		}
		catch (ImsException refused) {
			this.jobs.fail(jobId, refused.code(), refused.getMessage());
			return;
		}
		try {
			this.compute.releaseImage(imageId.value());
		}
		catch (DriverFailure refused) {
			// The image is gone from IMS whatever the VMware Service says; its copy there is for operators to remove.
			log.warn("The VMware Service kept its copy of deleted image {}: {}", imageId, refused.getMessage());
		}
		discardStaged(imageId);
		try {
			boolean removed = this.store.delete(imageId.value());
			log.info("Data of deleted image {} {}", imageId,
					removed ? "removed" : "was already gone");
		}
		catch (IOException failure) {
			throw new UncheckedIOException("Cannot remove the data of image " + imageId + " yet", failure);
		}
		this.jobs.succeed(jobId, Map.of("image_id", imageId.value()));
	}

	/** The data a glance-direct stage left for an import that will never come (Glance removes it with the image). */
	private void discardStaged(ImageId imageId) {
		Image deleted = this.images.find(imageId).block(STORE_TIMEOUT);
		StagedData staged = (deleted != null) ? deleted.staged() : null;
		if (staged != null) {
			this.store.discard(this.store.stagedFile(staged.file()));
		}
	}

}
