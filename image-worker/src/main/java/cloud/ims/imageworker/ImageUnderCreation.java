package cloud.ims.imageworker;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.job.JobId;
import cloud.ims.core.common.Changed;
import cloud.ims.core.quota.ImageBytes;
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

	private final JobStorage storage;

	private final Clock clock;

	ImageUnderCreation(Images images, ProjectQuotas quotas, JobReporter jobs, JobStorage storage, Clock clock) {
		this.images = images;
		this.quotas = quotas;
		this.jobs = jobs;
		this.storage = storage;
		this.clock = clock;
	}

	/**
	 * Starts the job on its image and answers whether there is data to write: the image is recorded from the command
	 * when the gateway did not get to, and claimed for the job. Otherwise the job ends here: in SUCCESS when the image
	 * is active already (a replay), in FAIL when it is gone, ended, or claimed by another job. A job that ended
	 * meanwhile throws {@link JobEnded}.
	 */
	boolean begin(JobId jobId, ImageId id, @Nullable Image recorded, Actor actor, String operation) {
		return begin(jobId, id, recorded, actor, operation, null);
	}

	/**
	 * Like {@link #begin(JobId, ImageId, Image, Actor, String)} for an import whose bytes are in {@code stagedFile}:
	 * an image that keeps that file staged (a glance-direct import the gateway did not get to claim the image for, or
	 * whose claim is still on its way) is claimed for the job here.
	 */
	boolean begin(JobId jobId, ImageId id, @Nullable Image recorded, Actor actor, String operation,
			@Nullable String stagedFile) {
		this.jobs.start(jobId);
		Image image = this.images.find(id).block(STORE_TIMEOUT);
		if (image == null && recorded != null) {
			image = this.images.insertIfAbsent(recorded, actor).block(STORE_TIMEOUT);
		}
		if (image == null || image.status() == ImageStatus.DELETED) {
			this.jobs.fail(jobId, "IMG.0027", "Image " + id + " is gone: it was deleted before its data arrived, or "
					+ "its creation was interrupted. Create the image again.");
			return false;
		}
		if (image.status() == ImageStatus.ACTIVE) {
			this.jobs.succeed(jobId, Map.of("image_id", id.value()));
			return false;
		}
		if (stagedFile != null && image.keepsStaged(stagedFile)) {
			return claim(jobId, id, actor, (current) -> current.importStaged(jobId.value(), this.clock.instant()));
		}
		if (image.status() != ImageStatus.QUEUED && image.status() != ImageStatus.SAVING
				&& image.status() != ImageStatus.IMPORTING) {
			this.jobs.fail(jobId, "IMG.0500", "Image " + id + " is " + image.status().wireName() + "; the "
					+ operation + " did not complete.");
			return false;
		}
		return claim(jobId, id, actor, (current) -> current.assignJob(jobId.value(), this.clock.instant()));
	}

	/**
	 * Claims the image for the job: nothing to do when the job has it already. A claim refused (another job has the
	 * image, or its data is there) fails the job with the refusal and answers false.
	 */
	private boolean claim(JobId jobId, ImageId id, Actor actor, Function<Image, Optional<Image>> claim) {
		try {
			this.images.update(id, claim, actor).block(STORE_TIMEOUT);
			return true;
		}
		catch (ImsException refused) {
			this.jobs.fail(jobId, refused.code(), refused.getMessage());
			return false;
		}
	}

	/** Kills the image if the job was still making it, giving its quota unit and the bytes it held back once. */
	void killUnfinished(JobId jobId, ImageId id, Actor actor) {
		this.images.transition(id, (image) -> image.killUnfinished(jobId.value(), this.clock.instant()), actor)
			.filter(Image::releasesQuota)
			.flatMap((killed) -> this.quotas.update(killed.after().owner(),
					(quota) -> quota.releaseImage(ImageBytes.heldBy(killed.before()))))
			.block(STORE_TIMEOUT);
	}

	/**
	 * Kills the image if the job was still making it, giving back its quota unit with the bytes the image and the job
	 * held; when another process ended the image first, only the job's bytes go back.
	 */
	void killUnfinished(JobId jobId, ImageId id, Actor actor, JobBytes bytes) {
		Changed<Image> killed = this.images
			.transition(id, (image) -> image.killUnfinished(jobId.value(), this.clock.instant()), actor)
			.block(STORE_TIMEOUT);
		if (killed != null && Image.releasesQuota(killed)) {
			this.storage.killed(killed, bytes);
		}
		else {
			this.storage.released(bytes);
		}
	}

	/**
	 * What a job that began on the image holds of its owner's bytes: nothing yet, or, for an upload the gateway staged
	 * ({@code uploaded} bytes, -1 for none), those bytes, which the gateway reserved and handed on with the file. A
	 * glance-direct import's staged bytes are the image's own (ADR 37, 38).
	 */
	JobBytes bytesOf(ImageId id, long uploaded) {
		Image image = this.images.find(id).block(STORE_TIMEOUT);
		JobBytes bytes = this.storage.open((image != null) ? image.owner() : "");
		if (uploaded >= 0 && image != null && image.staged() == null) {
			bytes.takeOn(uploaded);
		}
		return bytes;
	}

}
