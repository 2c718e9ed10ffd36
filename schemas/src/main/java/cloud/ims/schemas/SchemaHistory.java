package cloud.ims.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Reads the writer schemas committed as {@code <root>/<RecordName>/v<N>.avsc} class-path
 * resources and checks that the current schema can read each of them, so that an incompatible
 * change fails at start-up rather than on the first old message.
 */
final class SchemaHistory {

	static final String STANDARD_ROOT = "cloud/ims/messages/history";

	private SchemaHistory() {
	}

	static String location(String root, Schema current, int version) {
		return root + "/" + current.getName() + "/v" + version + ".avsc";
	}

	/**
	 * Returns the versions of {@code current}'s record found under the roots: v0 (reserved for
	 * tests) if present, then v1, v2, ... up to the first gap.
	 */
	static List<HistoricalSchema> of(Schema current, List<String> roots) {
		List<HistoricalSchema> versions = new ArrayList<>();
		Set<Long> fingerprints = new HashSet<>();
		for (String root : roots) {
			for (int version = 0;; version++) {
				String location = location(root, current, version);
				URL resource = SchemaHistory.class.getClassLoader().getResource(location);
				if (resource == null) {
					if (version == 0) {
						continue;
					}
					break;
				}
				HistoricalSchema historical = new HistoricalSchema(version, parse(resource), location);
				check(current, historical);
				if (!fingerprints.add(historical.fingerprint())) {
					throw new IllegalStateException(location + " repeats an earlier version of " + current.getFullName());
				}
				versions.add(historical);
			}
		}
		return versions;
	}

	private static Schema parse(URL resource) {
		try (InputStream in = resource.openStream()) {
			return new Schema.Parser().parse(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read schema " + resource, ex);
		}
	}

	private static void check(Schema current, HistoricalSchema historical) {
		if (!current.getFullName().equals(historical.schema().getFullName())) {
			throw new IllegalStateException(historical.location() + " describes " + historical.schema().getFullName()
					+ ", not " + current.getFullName());
		}
		var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(current, historical.schema());
		if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
			throw new IllegalStateException("The current " + current.getFullName() + " cannot read "
					+ historical.location() + ": " + compatibility.getResult().getIncompatibilities());
		}
	}

}
