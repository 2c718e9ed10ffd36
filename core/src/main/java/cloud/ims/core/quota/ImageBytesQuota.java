package cloud.ims.core.quota;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import cloud.ims.core.common.Changed;
import cloud.ims.core.image.Image;
import cloud.ims.core.store.StorageFloor;
import reactor.core.publisher.Mono;

/**
 * The per-project quota of image bytes ({@code ims.quota.image-bytes}, ADR 38), as the gateway and the image-worker
 * apply it: a check before work is accepted, a {@link Reservation} that grows ahead of the bytes a process writes,
 * and the settlement or release of that reservation when the image is stored or fails. The rules are
 * {@link ProjectQuota}'s; this only runs them against the store.
 */
public final class ImageBytesQuota {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final ProjectQuotas quotas;

	private final long defaultLimit;

	private final long step;

	/**
	 * @param defaultLimit the bytes a project may hold unless an admin set its own limit
	 * @param step how far a reservation grows ahead of the bytes written, so that not every chunk writes the quota
	 */
	public ImageBytesQuota(ProjectQuotas quotas, long defaultLimit, long step) {
		this.quotas = quotas;
		this.defaultLimit = defaultLimit;
		this.step = Math.max(1, step);
	}

	public long defaultLimit() {
		return this.defaultLimit;
	}

	/** Refuses (429 {@code IMG.0432}) work that brings {@code bytes} that do not fit; reserves nothing. */
	public Mono<Void> admit(String projectId, long bytes) {
		return this.quotas.find(projectId).doOnNext((quota) -> quota.admitBytes(bytes, this.defaultLimit)).then();
	}

	/** A reservation of nothing yet, for bytes about to be written for the project. */
	public Reservation reservation(String projectId) {
		return new Reservation(projectId);
	}

	/**
	 * Applies an image's change to the project's bytes ({@link ImageBytes#change}): the settlement of what its job
	 * held once the data is stored, or the release of what the image and its job held once it is killed.
	 */
	public Mono<ProjectQuota> settle(Changed<Image> transition, long heldByJob) {
		long delta = ImageBytes.change(transition, heldByJob);
		return this.quotas.update(transition.after().owner(), (quota) -> quota.adjustBytes(delta));
	}

	/** Gives back bytes that nothing holds any more (a reservation whose work failed). */
	public Mono<ProjectQuota> release(String projectId, long bytes) {
		return this.quotas.update(projectId, (quota) -> quota.adjustBytes(-bytes));
	}

	/**
	 * Bytes reserved for one piece of work by the process that writes them; not thread-safe (one writer). What it
	 * holds is either handed over (to the image document, or to the process that takes the data on) or released.
	 */
	public final class Reservation {

		private final String projectId;

		private long held;

		private Reservation(String projectId) {
			this.projectId = projectId;
		}

		public String projectId() {
			return this.projectId;
		}

		public long held() {
			return this.held;
		}

		/**
		 * Makes the reservation cover {@code total} bytes, reserving a step ahead where the quota leaves room;
		 * refuses (429 {@code IMG.0432}) when even {@code total} does not fit. Blocks on the quota store.
		 */
		public void cover(long total) {
			if (total <= this.held) {
				return;
			}
			long needed = total - this.held;
			AtomicLong reserved = new AtomicLong();
			ImageBytesQuota.this.quotas.update(this.projectId, (quota) -> {
				ProjectQuota after = quota.reserveBytes(needed, Math.max(needed, ImageBytesQuota.this.step),
						ImageBytesQuota.this.defaultLimit);
				reserved.set(after.imageBytesUsed() - quota.imageBytesUsed());
				return Optional.of(after);
			}).block(STORE_TIMEOUT);
			this.held += reserved.get();
		}

		/**
		 * Makes room for {@code total} bytes about to be written to the image store: the store's free-space floor is
		 * checked for what is not covered yet (507 {@code IMS.0507}), then the reservation covers them as
		 * {@link #cover(long)} does. Blocks on the quota store.
		 */
		public void coverWrites(long total, StorageFloor floor) {
			if (total <= this.held) {
				return;
			}
			floor.requireRoomFor(total - this.held);
			cover(total);
		}

		/** Gives back what is held beyond {@code total}: the step reserved ahead once the size is known. */
		public void trimTo(long total) {
			if (this.held > total) {
				long excess = this.held - total;
				release(this.projectId, excess).block(STORE_TIMEOUT);
				this.held = total;
			}
		}

		/** Gives back everything held: the work failed and stored nothing. */
		public void releaseAll() {
			if (this.held > 0) {
				long all = this.held;
				this.held = 0;
				release(this.projectId, all).block(STORE_TIMEOUT);
			}
		}

		/** Answers what is held and holds nothing any more: another holder takes it on. */
		public long handOver() {
			long all = this.held;
			this.held = 0;
			return all;
		}

	}

}
