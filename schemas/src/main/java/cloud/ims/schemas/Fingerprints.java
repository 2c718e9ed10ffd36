package cloud.ims.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

final class Fingerprints {

	private Fingerprints() {
	}

	static long of(Schema schema) {
		return SchemaNormalization.parsingFingerprint64(schema);
	}

}
