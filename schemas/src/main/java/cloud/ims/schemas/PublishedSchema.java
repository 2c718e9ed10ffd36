package cloud.ims.schemas;

import org.apache.avro.Schema;

/**
 * A schema that may appear on the wire, published so that subscribers in other languages can
 * decode messages. The fingerprint is the CRC-64-AVRO fingerprint as 16 lowercase hex digits of
 * the {@code long} value (most significant first); on the wire the same 8 bytes are little-endian.
 *
 * @param fingerprint 16 lowercase hex digits of the fingerprint
 * @param fullName the record's full name, e.g. {@code cloud.ims.messages.ImageChanged}
 * @param version the history version, starting at 1
 * @param current whether this build writes messages with this schema
 * @param schema the writer schema, nested types inlined
 */
public record PublishedSchema(String fingerprint, String fullName, int version, boolean current, Schema schema) {

	static String hex(long fingerprint) {
		return String.format("%016x", fingerprint);
	}

}
