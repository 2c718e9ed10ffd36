package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a fault-injection test saw, in a few lines written to {@code target/reliability/<test>.txt} rather than to
 * the build log: the figures docs/reliability.md quotes.
 */
public final class FaultReport {

	private static final Path DIRECTORY = Path.of("target/reliability");

	private FaultReport() {
	}

	/** Writes (replaces) the report of one test. */
	public static void write(String test, String... lines) {
		try {
			Files.createDirectories(DIRECTORY);
			Files.writeString(DIRECTORY.resolve(test + ".txt"), "# " + test + ", "
					+ Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n" + String.join("\n", lines) + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the fault report of " + test, ex);
		}
	}

}
