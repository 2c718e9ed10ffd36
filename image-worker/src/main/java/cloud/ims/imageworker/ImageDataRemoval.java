package cloud.ims.imageworker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import cloud.ims.core.image.ImageId;
import cloud.ims.core.job.JobId;
import cloud.ims.core.store.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes a deleted image's data from the image store. Idempotent: data already gone is success. A store that
 * fails is retried by the listener container with back-off, so the job ends only when the data is gone.
 */
@Component
class ImageDataRemoval {

	private static final Logger log = LoggerFactory.getLogger(ImageDataRemoval.class);

	private final ImageStore store;

	private final JobReporter jobs;

	ImageDataRemoval(ImageStore store, JobReporter jobs) {
		this.store = store;
		this.jobs = jobs;
	}

	void remove(JobId jobId, ImageId imageId) {
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
