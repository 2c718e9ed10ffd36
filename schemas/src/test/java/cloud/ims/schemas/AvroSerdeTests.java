package cloud.ims.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class AvroSerdeTests {

	private final AvroSerializer serializer = new AvroSerializer();

	private final AvroDeserializer deserializer = new AvroDeserializer();

	@Test
	void deserializesWhatTheSerializerWrote() {
		for (SpecificRecord message : MessageFixtures.oneOfEachMessage()) {
			byte[] bytes = serializer.serialize(Topics.SERVER_EVENTS, new RecordHeaders(), message);

			assertThat(deserializer.deserialize(Topics.SERVER_EVENTS, new RecordHeaders(), bytes)).isEqualTo(message);
		}
	}

	@Test
	void passesNullThrough() {
		assertThat(serializer.serialize(Topics.IMAGE_COMMANDS, null)).isNull();
		assertThat(deserializer.deserialize(Topics.IMAGE_COMMANDS, null)).isNull();
	}

	@Test
	void rejectsPoisonRecordsAsUndecodable() {
		assertThatThrownBy(() -> deserializer.deserialize(Topics.IMAGE_COMMANDS, "{\"json\":true}".getBytes()))
			.isInstanceOf(UndecodableMessage.class);
	}

}
