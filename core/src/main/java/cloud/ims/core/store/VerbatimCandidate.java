package cloud.ims.core.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Whether staged bytes may end up stored as they are, judged from their first bytes. Only an ISO (its first volume
 * descriptor, {@code CD001} at byte 32769) or a sparse VMDK ({@code KDMV} at byte 0) may: the image-worker converts
 * every other disk to a streamOptimized VMDK. A file shorter than the header is a candidate.
 */
final class VerbatimCandidate {

	private static final byte[] VMDK_MAGIC = "KDMV".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ISO_MAGIC = "CD001".getBytes(StandardCharsets.US_ASCII);

	private static final int ISO_MAGIC_OFFSET = 32769;

	static final int HEADER_LENGTH = ISO_MAGIC_OFFSET + ISO_MAGIC.length;

	private final byte[] header = new byte[HEADER_LENGTH];

	private int seen;

	private boolean judged;

	/**
	 * Takes in the next chunk (its remaining bytes, without moving its position) and answers true once: at the chunk
	 * that completes the header, when the bytes can be neither an ISO nor a VMDK.
	 */
	boolean ruledOutBy(ByteBuffer chunk) {
		if (this.judged) {
			return false;
		}
		int length = Math.min(chunk.remaining(), HEADER_LENGTH - this.seen);
		chunk.get(chunk.position(), this.header, this.seen, length);
		this.seen += length;
		if (this.seen < HEADER_LENGTH) {
			return false;
		}
		this.judged = true;
		return !(hasAt(0, VMDK_MAGIC) || hasAt(ISO_MAGIC_OFFSET, ISO_MAGIC));
	}

	private boolean hasAt(int offset, byte[] magic) {
		return Arrays.equals(this.header, offset, offset + magic.length, magic, 0, magic.length);
	}

}
