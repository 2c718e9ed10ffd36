package cloud.ims.schemas;

import org.apache.avro.Schema;

/**
 * A writer schema committed under the history, with the resource it was read from.
 */
record HistoricalSchema(int version, Schema schema, String location) {

	long fingerprint() {
		return Fingerprints.of(schema);
	}

}
