package cloud.ims.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Kafka value serializer for IMS messages, in Avro single-object encoding via
 * {@link MessageCodec#standard()}.
 */
public final class AvroSerializer implements Serializer<SpecificRecord> {

	private final MessageCodec codec = MessageCodec.standard();

	@Override
	public byte @Nullable [] serialize(String topic, @Nullable SpecificRecord data) {
		return data == null ? null : codec.encode(data);
	}

}
