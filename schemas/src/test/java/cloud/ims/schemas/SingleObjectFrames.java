package cloud.ims.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes single-object frames by hand, independent of the codec, as a producer with an older
 * schema (or in another language) would.
 */
final class SingleObjectFrames {

	private SingleObjectFrames() {
	}

	static byte[] write(Schema writer, Object datum) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0xC3);
		out.write(0x01);
		out.write(ByteBuffer.allocate(Long.BYTES)
			.order(ByteOrder.LITTLE_ENDIAN)
			.putLong(SchemaNormalization.parsingFingerprint64(writer))
			.array());
		BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
		new GenericDatumWriter<>(writer).write(datum, encoder);
		encoder.flush();
		return out.toByteArray();
	}

}
