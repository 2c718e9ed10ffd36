package cloud.ims.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class PublishedSchemasTests {

	private final MessageCodec codec = MessageCodec.standard();

	@Test
	void publishesEveryCurrentSchemaByItsFingerprint() {
		for (Class<?> type : Messages.TYPES) {
			Schema current = SpecificData.get().getSchema(type);
			String fingerprint = String.format("%016x", SchemaNormalization.parsingFingerprint64(current));

			assertThat(codec.publishedSchemas()).containsKey(fingerprint);
			assertThat(codec.schema(fingerprint)).hasValueSatisfying(published -> {
				assertThat(published.fullName()).isEqualTo(type.getName());
				assertThat(published.current()).isTrue();
				assertThat(published.schema()).isEqualTo(current);
			});
		}
	}

	@Test
	void writesFingerprintsAsSixteenLowercaseHexDigits() {
		assertThat(codec.publishedSchemas().keySet()).allMatch(fingerprint -> fingerprint.matches("[0-9a-f]{16}"));
		assertThat(codec.publishedSchemas()).allSatisfy((fingerprint, published) -> assertThat(published.fingerprint())
			.isEqualTo(fingerprint)
			.isEqualTo(String.format("%016x", SchemaNormalization.parsingFingerprint64(published.schema()))));
	}

	@Test
	void publishesOneCurrentSchemaPerMessageType() {
		assertThat(codec.publishedSchemas().values().stream().filter(PublishedSchema::current))
			.hasSize(Messages.TYPES.size());
	}

	@Test
	void findsNothingForAnUnknownFingerprint() {
		assertThat(codec.schema("0000000000000000")).isEmpty();
	}

}
