package cloud.ims.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import cloud.ims.messages.ServerChange;
import cloud.ims.messages.ServerChanged;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTests {

	private static final String OLDER_HISTORY = "cloud/ims/messages/test-history";

	@Test
	void readsAnOlderWriterSchemaLeavingTheNewFieldNull() throws IOException {
		Schema v0 = parse(OLDER_HISTORY + "/ServerChanged/v0.avsc");
		GenericRecord old = new GenericRecordBuilder(v0)
			.set("context", SampleData.of(v0.getField("context").schema()))
			.set("server_id", "server-1")
			.set("change", new GenericData.EnumSymbol(v0.getField("change").schema(), "DELETED"))
			.set("name", "web-1")
			.set("status", "DELETED")
			.set("image_id", "image-1")
			.set("flavor_id", "s6.large.2")
			.set("fault_code", "Ecs.0003")
			.build();
		MessageCodec codec = new MessageCodec(List.of(OLDER_HISTORY));

		ServerChanged decoded = (ServerChanged) codec.decode(SingleObjectFrames.write(v0, old));

		assertThat(decoded.getServerId()).isEqualTo("server-1");
		assertThat(decoded.getChange()).isEqualTo(ServerChange.DELETED);
		assertThat(decoded.getFaultCode()).isEqualTo("Ecs.0003");
		assertThat(decoded.getFaultMessage()).isNull();
	}

	@Test
	void publishesTheOlderSchemaAsHistorical() throws IOException {
		MessageCodec codec = new MessageCodec(List.of(OLDER_HISTORY));
		String fingerprint = PublishedSchema.hex(Fingerprints.of(parse(OLDER_HISTORY + "/ServerChanged/v0.avsc")));

		assertThat(codec.schema(fingerprint)).hasValueSatisfying(published -> {
			assertThat(published.version()).isZero();
			assertThat(published.current()).isFalse();
			assertThat(published.fullName()).isEqualTo(ServerChanged.class.getName());
		});
		assertThat(MessageCodec.standard().schema(fingerprint)).isEmpty();
	}

	@Test
	void rejectsHistoryTheCurrentSchemaCannotRead() {
		assertThatIllegalStateException().isThrownBy(() -> new MessageCodec(List.of("cloud/ims/messages/test-incompatible")))
			.withMessageContaining("test-incompatible/ServerChanged/v1.avsc")
			.withMessageContaining("flavor_id");
	}

	private static Schema parse(String resource) throws IOException {
		try (InputStream in = SchemaEvolutionTests.class.getClassLoader().getResourceAsStream(resource)) {
			return new Schema.Parser().parse(in);
		}
	}

}
