package cloud.ims.imageworker;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;

import cloud.ims.core.common.Changed;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.Image;
import cloud.ims.core.quota.ImageBytes;
import cloud.ims.core.quota.ImageBytesQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.core.store.StorageFloor;
import org.springframework.stereotype.Component;

/**
 * Settles what a job of this worker holds of its project's quota of image bytes when its image is stored or fails
 * (ADR 38): the image document takes the bytes on at its activation, at the size stored; a kill gives back what the
 * document and the job held, with the image's unit, in one change.
 */
@Component
class JobStorage {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final ImageBytesQuota quota;

	private final ProjectQuotas quotas;

	private final StorageFloor floor;

	JobStorage(ImageBytesQuota quota, ProjectQuotas quotas, StorageFloor floor) {
		this.quota = quota;
		this.quotas = quotas;
		this.floor = floor;
	}

	/** What a job for an image of the project holds: nothing yet. */
	JobBytes open(String projectId) {
		return new JobBytes(this.quota.reservation(projectId), this.floor);
	}

	/** The image went active: what the job held becomes what the image holds, the size stored. */
	void activated(Changed<Image> activation, JobBytes bytes) {
		this.quota.settle(activation, bytes.held()).block(STORE_TIMEOUT);
		bytes.settled();
	}

	/** The image was killed by this job: its unit goes back with every byte it and the job held. */
	void killed(Changed<Image> kill, JobBytes bytes) {
		long held = ImageBytes.heldBy(kill.before()) + bytes.held();
		this.quotas.update(kill.after().owner(), (current) -> current.releaseImage(held)).block(STORE_TIMEOUT);
		bytes.settled();
	}

	/**
	 * Reserves exactly {@code bytes} that a job keeps under its own id (an export's file), or refuses with the
	 * failure {@code refused} makes of the quota's code and message.
	 */
	void reserveExactly(String projectId, long bytes, BiFunction<String, String, RuntimeException> refused) {
		try {
			this.quotas.update(projectId,
					(quota) -> Optional.of(quota.reserveBytes(bytes, bytes, this.quota.defaultLimit())))
				.block(STORE_TIMEOUT);
		}
		catch (ImsException refusal) {
			throw refused.apply(refusal.code(), refusal.getMessage());
		}
	}

	/** Gives back bytes a job reserved and does not keep. */
	void release(String projectId, long bytes) {
		this.quota.release(projectId, bytes).block(STORE_TIMEOUT);
	}

	/** Refuses, with the failure {@code refused} makes, writing {@code bytes} that would cross the free-space floor. */
	void requireRoomFor(long bytes, BiFunction<String, String, RuntimeException> refused) {
		try {
			this.floor.requireRoomFor(bytes);
		}
		catch (ImsException refusal) {
			throw refused.apply(refusal.code(), refusal.getMessage());
		}
	}

	/** The job ends without its image (another process ended it): what the job held goes back. */
	void released(JobBytes bytes) {
		if (bytes.held() > 0) {
			this.quota.release(bytes.projectId(), bytes.held()).block(STORE_TIMEOUT);
		}
		bytes.settled();
	}

}
