package cloud.ims.imageworker;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.store.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives a copy the data of its source without copying a byte: the image store makes the copy's name for the source's
 * stored object (ADR 33), and the copy goes active with the source's sizes and digests. A source deleted before that,
 * or a store that cannot share, fails the copy and kills it. A replayed command for a copy that is active already only
 * confirms the job's outcome.
 */
@Component
class ImageCopy {

	private static final Logger log = LoggerFactory.getLogger(ImageCopy.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Images images;

	private final ImageStore store;

	private final JobReporter jobs;

	private final ImageUnderCreation creation;

	private final ImageActivation activation;

	ImageCopy(Images images, ImageStore store, JobReporter jobs, ImageUnderCreation creation,
			ImageActivation activation) {
		this.images = images;
		this.store = store;
		this.jobs = jobs;
		this.creation = creation;
		this.activation = activation;
	}

	void copy(CopyOrder order) {
		JobBytes bytes = null;
		try {
			if (this.creation.begin(order.jobId(), order.imageId(), order.recorded(), order.actor(), "copy")) {
				bytes = this.creation.bytesOf(order.imageId(), -1);
				share(order, bytes);
			}
		}
		catch (JobEnded ended) {
			log.info("Copy {} of image {} stopped: {}", order.imageId(), order.sourceId(), ended.getMessage());
			if (bytes != null) {
				this.creation.killUnfinished(order.jobId(), order.imageId(), order.actor(), bytes);
			}
			else {
				this.creation.killUnfinished(order.jobId(), order.imageId(), order.actor());
			}
		}
	}

	private void share(CopyOrder order, JobBytes bytes) {
		Image source = this.images.find(order.sourceId()).block(STORE_TIMEOUT);
		if (source == null || source.status() != ImageStatus.ACTIVE || source.data() == null) {
			sourceGone(order, (source != null) ? source.status().wireName() : "gone", bytes);
			return;
		}
		try {
			// A copy writes no byte but counts the shared file's bytes for its project (ADR 33, 38).
			bytes.coverShared(source.data().size());
		}
		catch (ImsException refused) {
			log.info("Copy {} of image {} refused: {}", order.imageId(), order.sourceId(), refused.getMessage());
			this.creation.killUnfinished(order.jobId(), order.imageId(), order.actor(), bytes);
			this.jobs.fail(order.jobId(), refused.code(), refused.getMessage());
			return;
		}
		try {
			this.store.share(order.sourceId().value(), order.imageId().value());
		}
		catch (NoSuchFileException deleted) {
			sourceGone(order, "deleted", bytes);
			return;
		}
		catch (IOException | UnsupportedOperationException failure) {
			log.warn("Copy {} of image {} failed: the store could not share its data", order.imageId(),
					order.sourceId(), failure);
			this.creation.killUnfinished(order.jobId(), order.imageId(), order.actor(), bytes);
			withdraw(order);
			this.jobs.fail(order.jobId(), "IMG.0507", "Storing the data of the copy failed: the image store could not "
					+ "give it the data of image " + order.sourceId() + ". Try again; if it fails again, contact the "
					+ "operators.");
			return;
		}
		if (this.activation.activate(order.imageId(), source.data(), order.actor(), bytes).isPresent()) {
			this.jobs.succeed(order.jobId(), Map.of("image_id", order.imageId().value()));
		}
		else {
			this.jobs.fail(order.jobId(), "IMG.0027", ImageActivation.withdrawn(order.imageId()));
		}
	}

	/** A link made before the store failed (flushing its directory, say) would be a name no image refers to. */
	private void withdraw(CopyOrder order) {
		try {
			this.store.delete(order.imageId().value());
		}
		catch (IOException | RuntimeException failure) {
			log.warn("Could not withdraw the data of failed copy {}", order.imageId(), failure);
		}
	}

	private void sourceGone(CopyOrder order, String state, JobBytes bytes) {
		log.info("Copy {} of image {} failed: the source is {}", order.imageId(), order.sourceId(), state);
		this.creation.killUnfinished(order.jobId(), order.imageId(), order.actor(), bytes);
		this.jobs.fail(order.jobId(), "IMG.0613", "Image " + order.sourceId() + " is " + state
				+ ", so its data could not be shared with the copy. Copy an active image.");
	}

}
