package cloud.ims.messaging.inflight;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The records of one partition that were handed to work and are not yet committed, in offset order. Records finish
 * in any order, but a partition's committed offset means "everything below is done": so a finished record answers
 * the acknowledgement of the highest record below which every tracked record is done (acknowledging record N commits
 * N + 1), and nothing while an earlier record still runs. Once its partition is revoked, a tracker answers nothing:
 * the partition's new owner redelivers what was not committed.
 *
 * @param <A> the acknowledgement of a record
 */
public final class OffsetTracker<A> {

	private final ArrayDeque<Tracked<A>> pending = new ArrayDeque<>();

	private long lastOffset = -1;

	private boolean revoked;

	/** Tracks the next record of the partition; records are tracked in increasing offset order. */
	public synchronized Tracked<A> track(long offset, A acknowledgement) {
		if (offset <= this.lastOffset) {
			throw new IllegalArgumentException("Offset " + offset + " is not after " + this.lastOffset
					+ ", the last one tracked");
		}
		this.lastOffset = offset;
		Tracked<A> tracked = new Tracked<>(offset, acknowledgement);
		this.pending.addLast(tracked);
		return tracked;
	}

	/**
	 * Marks the record done and answers the acknowledgement that commits the longest run of done records at the head,
	 * if this completion extended it.
	 */
	public synchronized Optional<A> complete(Tracked<A> record) {
		record.done = true;
		if (this.revoked) {
			return Optional.empty();
		}
		Tracked<A> highest = null;
		while (!this.pending.isEmpty() && this.pending.peekFirst().done) {
			highest = this.pending.pollFirst();
		}
		return (highest != null) ? Optional.of(highest.acknowledgement) : Optional.empty();
	}

	/** The partition went to another consumer (or this one stops): nothing it tracked is acknowledged any more. */
	public synchronized void revoke() {
		this.revoked = true;
		this.pending.clear();
	}

	public synchronized boolean isRevoked() {
		return this.revoked;
	}

	/** How many records are tracked and not yet acknowledged. */
	public synchronized int size() {
		return this.pending.size();
	}

	/** One tracked record. */
	public static final class Tracked<A> {

		private final long offset;

		private final A acknowledgement;

		private boolean done;

		private Tracked(long offset, A acknowledgement) {
			this.offset = offset;
			this.acknowledgement = acknowledgement;
		}

		public long offset() {
			return this.offset;
		}

	}

}
