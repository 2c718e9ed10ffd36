package cloud.ims.gateway.image;

import cloud.ims.core.quota.ImageBytesQuota;
import cloud.ims.core.store.StorageFloor;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The bytes of one upload or stage under way: reserved against the project's quota a step ahead of what is written,
 * and the store's free space checked whenever the reservation grows. Ends once, either handed over (the staged data
 * is recorded in the image, or goes to the image-worker with its size) or released (the upload failed and nothing
 * was kept). Writes and the end may come from different threads (a client that goes away).
 */
final class UploadedBytes {

	private final ImageBytesQuota.Reservation reservation;

	private final StorageFloor floor;

	private boolean ended;

	UploadedBytes(ImageBytesQuota.Reservation reservation, StorageFloor floor) {
		this.reservation = reservation;
		this.floor = floor;
	}

	/**
	 * Makes room for {@code total} bytes before they are written (the bytes so far plus the chunk that arrived): the
	 * quota reserves ahead in steps, and the free space is checked with each step. Refuses with the quota's or the
	 * floor's error; nothing of the chunk is written then. Blocks.
	 */
	synchronized void arriving(long total) {
		if (!this.ended) {
			this.reservation.coverWrites(total, this.floor);
		}
	}

	/** The upload is whole: what was reserved ahead of its size is given back. Blocks. */
	synchronized void stored(long size) {
		if (!this.ended) {
			this.reservation.trimTo(size);
		}
	}

	/** Another holder takes the bytes on: the image document, or the image-worker's import of the staged file. */
	synchronized void handOver() {
		this.ended = true;
		this.reservation.handOver();
	}

	/** The upload failed and keeps nothing: its bytes go back, once. */
	Mono<Void> release() {
		return Mono.fromRunnable(() -> {
			synchronized (this) {
				if (!this.ended) {
					this.ended = true;
					this.reservation.releaseAll();
				}
			}
		}).subscribeOn(Schedulers.boundedElastic()).then();
	}

}
