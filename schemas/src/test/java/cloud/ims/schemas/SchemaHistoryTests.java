package cloud.ims.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SchemaHistoryTests {

	private final MessageCodec codec = MessageCodec.standard();

	@Test
	void decodesEveryCommittedVersionIntoTheCurrentClass() throws IOException {
		for (Class<?> type : Messages.TYPES) {
			Schema current = SpecificData.get().getSchema(type);
			List<HistoricalSchema> history = SchemaHistory.of(current, List.of(SchemaHistory.STANDARD_ROOT));
			assertThat(history).as("history of %s", type.getSimpleName()).isNotEmpty();

			for (HistoricalSchema historical : history) {
				GenericRecord old = SampleData.of(historical.schema());

				SpecificRecord decoded = codec.decode(SingleObjectFrames.write(historical.schema(), old));

				assertThat(decoded).as(historical.location()).isInstanceOf(type);
				assertThat(decoded.get(decoded.getSchema().getField("context").pos()))
					.extracting("messageId")
					.isEqualTo("message_id");
			}
		}
	}

	@Test
	void everyCurrentSchemaIsCommittedToTheHistory() {
		for (Class<?> type : Messages.TYPES) {
			Schema current = SpecificData.get().getSchema(type);
			long fingerprint = SchemaNormalization.parsingFingerprint64(current);
			List<HistoricalSchema> history = SchemaHistory.of(current, List.of(SchemaHistory.STANDARD_ROOT));
			int next = history.stream().mapToInt(HistoricalSchema::version).max().orElse(0) + 1;

			assertThat(history).extracting(HistoricalSchema::fingerprint)
				.withFailMessage(
						"The schema of %s changed: commit it as schemas/src/main/resources/%s, with this content:%n%s",
						current.getName(), SchemaHistory.location(SchemaHistory.STANDARD_ROOT, current, next),
						current.toString(true))
				.contains(fingerprint);
		}
	}

	@Test
	void keepsVersionsWithoutGaps() {
		for (Class<?> type : Messages.TYPES) {
			Schema current = SpecificData.get().getSchema(type);
			int last = SchemaHistory.of(current, List.of(SchemaHistory.STANDARD_ROOT)).size();

			String skipped = SchemaHistory.location(SchemaHistory.STANDARD_ROOT, current, last + 2);
			assertThat(getClass().getClassLoader().getResource(skipped)).as("%s is never read", skipped).isNull();
		}
	}

}
