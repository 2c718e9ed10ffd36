package cloud.ims.core.server;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import cloud.ims.core.common.Ids;

/**
 * The id of server: a UUID. Its last four hex digits are its {@linkplain #slot() slot}, which places every command
 * about the server on one partition of the server commands; the ECSs of a batch get consecutive slots.
 */
public record ServerId(String value) {

	private static final int SLOTS = 1 << 16;

	public static ServerId newId() {
		return new ServerId(Ids.newId());
	}

	/**
	 * Ids for the ECSs of one batch: random UUIDs whose slots count on from a random start, so that the batch's
	 * commands spread evenly over the partitions and the workers that own them. Hashing random ids would not: 500
	 * ECSs over 48 partitions put 30 on the busiest pair of partitions where 21 is the even share, and the batch ends
	 * when its busiest consumer does.
	 */
	public static List<ServerId> newBatch(int count) {
		int start = ThreadLocalRandom.current().nextInt(SLOTS);
		return IntStream.range(0, count).mapToObj((index) -> withSlot(UUID.randomUUID(), (start + index) % SLOTS)).toList();
	}

	private static ServerId withSlot(UUID random, int slot) {
		return new ServerId(new UUID(random.getMostSignificantBits(),
				(random.getLeastSignificantBits() & ~(SLOTS - 1L)) | slot).toString());
	}

	/** The partition, of {@code partitions}, that carries every command about this server, so that they stay in order. */
	public int partition(int partitions) {
		return slot() % partitions;
	}

	/** The last four hex digits of the id (an id of another form: a hash of it), 0 to 65535. */
	int slot() {
		String tail = this.value.substring(Math.max(0, this.value.length() - 4));
		try {
			return (tail.length() == 4) ? Integer.parseInt(tail, 16) : (this.value.hashCode() & (SLOTS - 1));
		}
		catch (NumberFormatException notHex) {
			return this.value.hashCode() & (SLOTS - 1);
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
