package cloud.ims.imageworker;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import cloud.ims.core.job.JobId;
import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The image an import or a capture writes its data into. The gateway records the job first and the image second, so
 * a gateway that stopped in between leaves a job whose image is missing: the command carries the image as the gateway
 * recorded it, and it is recorded here instead (its quota unit was reserved before the job). The job claims the image
 * (a web download the gateway did not get to claim), and a job that ended without its data kills what it left.
 */
@Component
class ImageUnderCreation {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Images images;

	private final ProjectQuotas quotas;

	private final JobReporter jobs;

	private final Clock clock;

	ImageUnderCreation(Images images, ProjectQuotas quotas, JobReporter jobs, Clock clock) {
		this.images = images;
		this.quotas = quotas;
		this.jobs = jobs;
		this.clock = clock;
	}

	/** The job's image as it is now, recorded from the command when the gateway did not get to; empty if unknown. */
	Optional<Image> find(ImageId id, @Nullable Image recorded, Actor actor) {
		Image image = this.images.find(id).block(STORE_TIMEOUT);
		if (image == null && recorded != null) {
			image = this.images.insertIfAbsent(recorded, actor).block(STORE_TIMEOUT);
		}
		return Optional.ofNullable(image);
	}

	/**
	 * Claims the image for the job: nothing to do when the job has it already. A claim refused (another job has the
	 * image, or its data is there) fails the job with the refusal and answers false.
	 */
	boolean claim(JobId jobId, ImageId id, Actor actor) {
		try {
			this.images.update(id, (image) -> image.assignJob(jobId.value(), this.clock.instant()), actor)
				.block(STORE_TIMEOUT);
			return true;
		}
		catch (ImsException refused) {
			this.jobs.fail(jobId, refused.code(), refused.getMessage());
			return false;
		}
	}

	/** Kills the image if the job was still making it, giving its quota unit back once. */
	void killUnfinished(JobId jobId, ImageId id, Actor actor) {
		this.images.transition(id, (image) -> image.killUnfinished(jobId.value(), this.clock.instant()), actor)
			.filter(Image::releasesQuota)
			.flatMap((killed) -> this.quotas.update(killed.after().owner(), ProjectQuota::releaseImage))
			.block(STORE_TIMEOUT);
	}

}
