package cloud.ims.imageworker;

import cloud.ims.core.quota.ImageBytesQuota;
import cloud.ims.core.store.StorageFloor;

/**
 * The bytes of image data one job of this worker holds against its project's quota before the image document does
 * (ADR 38): what it reserved ahead of the bytes it writes (a download, a capture) or links (a copy), and what the
 * gateway reserved for an upload and handed on with the staged file. The store's free-space floor is checked whenever
 * the reservation grows. Not thread-safe: one job, one thread at a time.
 */
final class JobBytes {

	private final ImageBytesQuota.Reservation reservation;

	private final StorageFloor floor;

	private long handedOn;

	JobBytes(ImageBytesQuota.Reservation reservation, StorageFloor floor) {
		this.reservation = reservation;
		this.floor = floor;
	}

	String projectId() {
		return this.reservation.projectId();
	}

	/** What the job holds: settled into the image when it is stored, given back when it fails. */
	long held() {
		return this.reservation.held() + this.handedOn;
	}

	/** Takes on the bytes the gateway reserved for an upload it staged. */
	void takeOn(long bytes) {
		this.handedOn = bytes;
	}

	/**
	 * Makes room for {@code total} bytes before they are written: reserved (a step ahead) and checked against the
	 * free-space floor; refuses with {@code IMG.0432} or {@code IMS.0507} as an {@link cloud.ims.core.common.ImsException}.
	 */
	void cover(long total) {
		this.reservation.coverWrites(total, this.floor);
	}

	/** Reserves {@code total} bytes that take no space in the store (a copy links the file it shares). */
	void coverShared(long total) {
		this.reservation.cover(total);
	}

	/** The image document holds the bytes now (or they were given back with it): the job holds nothing more. */
	void settled() {
		this.reservation.handOver();
		this.handedOn = 0;
	}

}
