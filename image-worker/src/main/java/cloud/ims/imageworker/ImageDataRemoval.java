package cloud.ims.imageworker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.job.JobId;
import cloud.ims.core.store.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes a deleted image's data: the VMware Service's copy of it (a template made on its first use; ECSs made from
 * it keep working), then the image store's. Idempotent: data already gone is success. A store or a VMware Service
 * that is unavailable is retried by the listener container with back-off, so the job ends only when the data is gone.
 */
@Component
class ImageDataRemoval {

	private static final Logger log = LoggerFactory.getLogger(ImageDataRemoval.class);

	private final ImageStore store;

	private final JobReporter jobs;

	private final ComputeDriver compute;

	ImageDataRemoval(ImageStore store, JobReporter jobs, ComputeDriver compute) {
		this.store = store;
		this.jobs = jobs;
		this.compute = compute;
	}

	void remove(JobId jobId, ImageId imageId) {
		try {
			this.compute.releaseImage(imageId.value());
		}
		catch (DriverFailure refused) {
			// The image is gone from IMS whatever the VMware Service says; its copy there is for operators to remove.
			log.warn("The VMware Service kept its copy of deleted image {}: {}", imageId, refused.getMessage());
		}
		try {
			boolean removed = this.store.delete(imageId.value());
			log.info("Data of deleted image {} {}", imageId, removed ? "removed" : "was already gone");
		}
		catch (IOException failure) {
			throw new UncheckedIOException("Cannot remove the data of image " + imageId + " yet", failure);
		}
		this.jobs.succeed(jobId, Map.of("image_id", imageId.value()));
	}

}
