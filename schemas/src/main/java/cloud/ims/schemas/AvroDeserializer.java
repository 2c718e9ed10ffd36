package cloud.ims.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

/**
 * Kafka value deserializer for IMS messages via {@link MessageCodec#standard()}; it throws
 * {@link UndecodableMessage} for poison records, so wrap it in an error-handling deserializer.
 */
public final class AvroDeserializer implements Deserializer<SpecificRecord> {

	private final MessageCodec codec = MessageCodec.standard();

	@Override
	public @Nullable SpecificRecord deserialize(String topic, byte @Nullable [] data) {
		return data == null ? null : codec.decode(data);
	}

}
