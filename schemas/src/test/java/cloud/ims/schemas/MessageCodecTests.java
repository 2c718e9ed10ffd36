package cloud.ims.schemas;

import static cloud.ims.schemas.MessageFixtures.aContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.ims.messages.CaptureImage;
import cloud.ims.messages.ImageVisibility;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTests {

	private final MessageCodec codec = MessageCodec.standard();

	@ParameterizedTest
	@MethodSource("cloud.ims.schemas.MessageFixtures#oneOfEachMessage")
	void decodesEveryRecordItEncodes(SpecificRecord message) {
		SpecificRecord decoded = codec.decode(codec.encode(message));

		assertThat(decoded).isInstanceOf(message.getClass()).isEqualTo(message);
	}

	@ParameterizedTest
	@MethodSource("cloud.ims.schemas.MessageFixtures#oneOfEachMessage")
	void framesEachMessageWithMarkerAndLittleEndianFingerprint(SpecificRecord message) {
		byte[] encoded = codec.encode(message);

		long fingerprint = ByteBuffer.wrap(encoded, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		assertThat(Arrays.copyOf(encoded, 2)).containsExactly(0xC3, 0x01);
		assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(message.getSchema()));
	}

	@Test
	void fillsDefaultsTheSenderLeftOut() {
		CaptureImage command = CaptureImage.newBuilder()
			.setContext(aContext())
			.setImageId("image-1")
			.setServerId("server-1")
			.setName("web-base")
			.build();

		CaptureImage decoded = (CaptureImage) codec.decode(codec.encode(command));

		assertThat(decoded.getTags()).isEmpty();
		assertThat(decoded.getDescription()).isNull();
		assertThat(decoded.getVisibility()).isEqualTo(ImageVisibility.PRIVATE);
	}

	@Test
	void rejectsUnknownFingerprint() {
		byte[] encoded = codec.encode(MessageFixtures.aFailedServer());
		ByteBuffer.wrap(encoded, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x0123456789abcdefL);

		assertThatThrownBy(() -> codec.decode(encoded)).isInstanceOfSatisfying(UnknownSchema.class,
				ex -> assertThat(ex.fingerprint()).isEqualTo("0123456789abcdef"))
			.hasMessageContaining("0123456789abcdef");
	}

	@Test
	void rejectsBadMarker() {
		byte[] encoded = codec.encode(MessageFixtures.aFailedServer());
		encoded[0] = '{';

		assertThatThrownBy(() -> codec.decode(encoded)).isInstanceOf(MalformedMessage.class)
			.hasMessageContaining("single-object");
	}

	@Test
	void rejectsMessageShorterThanItsHeader() {
		assertThatThrownBy(() -> codec.decode(new byte[] { (byte) 0xC3, 0x01, 1, 2 }))
			.isInstanceOf(MalformedMessage.class);
	}

	@Test
	void rejectsTruncatedBody() {
		byte[] encoded = codec.encode(MessageFixtures.anActivatedImage());

		assertThatThrownBy(() -> codec.decode(Arrays.copyOf(encoded, 20))).isInstanceOf(MalformedMessage.class)
			.isInstanceOf(UndecodableMessage.class);
	}

	@Test
	void rejectsRecordThatIsNotAMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> codec.encode(aContext()))
			.withMessageContaining("MessageContext");
	}

}
