package cloud.ims.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;

/**
 * The free space the image store's file system must keep ({@code ims.store.min-free}): the database and Kafka often
 * share that disk, and a full disk stops them, not only imports. Work that would leave less free is refused (507
 * {@code IMS.0507}) before it writes, and a write that gets there stops.
 */
public final class StorageFloor {

	public static final String REFUSED = "IMS.0507";

	private final StoreSpace space;

	private final long minFreeBytes;

	public StorageFloor(StoreSpace space, long minFreeBytes) {
		if (minFreeBytes < 0) {
			throw new IllegalArgumentException("The free space to keep cannot be negative: " + minFreeBytes);
		}
		this.space = space;
		this.minFreeBytes = minFreeBytes;
	}

	public long minFreeBytes() {
		return this.minFreeBytes;
	}

	/**
	 * Refuses when writing {@code incomingBytes} more (0 when unknown, or for the next step of a write under way)
	 * would leave less than the floor free.
	 */
	public void requireRoomFor(long incomingBytes) {
		if (incomingBytes < 0) {
			throw new IllegalArgumentException("A number of bytes cannot be negative: " + incomingBytes);
		}
		long usable = usable();
		if (usable - incomingBytes < this.minFreeBytes) {
			throw new ImsException(Kind.INSUFFICIENT_STORAGE, REFUSED, "The image store has " + usable
					+ " bytes free and keeps at least " + this.minFreeBytes + " free (ims.store.min-free)"
					+ ((incomingBytes > 0) ? "; " + incomingBytes + " more bytes do not fit" : "")
					+ ". Nothing was stored. Try again later, or smaller; operators free space or add some.");
		}
	}

	private long usable() {
		try {
			return this.space.usableBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the free space of the image store", ex);
		}
	}

}
