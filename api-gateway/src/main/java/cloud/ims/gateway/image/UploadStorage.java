package cloud.ims.gateway.image;

import cloud.ims.core.quota.ImageBytesQuota;
import cloud.ims.core.store.StorageFloor;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Where the bytes of an upload or a glance-direct stage are admitted (ADR 38): a declared size is checked against the
 * project's quota of image bytes and the store's free-space floor before anything is recorded, and the bytes as they
 * arrive are reserved and checked again, so that a body larger than declared, or of no declared size, stops where it
 * no longer fits.
 */
@Component
class UploadStorage {

	private final ImageBytesQuota quota;

	private final StorageFloor floor;

	UploadStorage(ImageBytesQuota quota, StorageFloor floor) {
		this.quota = quota;
		this.floor = floor;
	}

	/**
	 * Refuses an upload of {@code declaredLength} bytes (-1: not declared) that does not fit (429 {@code IMG.0432},
	 * 507 {@code IMS.0507}); nothing is reserved yet.
	 */
	Mono<Void> admit(String projectId, long declaredLength) {
		long bytes = Math.max(0, declaredLength);
		return this.quota.admit(projectId, bytes)
			.then(Mono.fromRunnable(() -> this.floor.requireRoomFor(bytes)).subscribeOn(Schedulers.boundedElastic()))
			.then();
	}

	/** The bytes of one upload into an image of the project, reserved as they arrive. */
	UploadedBytes open(String projectId) {
		return new UploadedBytes(this.quota.reservation(projectId), this.floor);
	}

}
