package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Injects faults into the test stack's simulated VMware Service through its shared conditions file, and clears them.
 */
final class VmwareConditions implements AutoCloseable {

	private final Path file = TestStack.get().dataDir().resolve("vmware/conditions.properties");

	private VmwareConditions(String properties) {
		try {
			Files.writeString(this.file, properties);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Creating an ECS whose name matches the pattern always fails transiently. */
	static VmwareConditions failingNames(String pattern) {
		return new VmwareConditions("fail-names=" + pattern + "\n");
	}

	/** Every operation fails transiently: the service is down. */
	static VmwareConditions down() {
		return new VmwareConditions("failure-rate=1.0\n");
	}

	/** Creating an ECS takes this long (the other operations keep their latency), as on a real VMware Service. */
	static VmwareConditions slowCreates(Duration latency) {
		return new VmwareConditions("latency.create=" + latency.toMillis() + "ms\n");
	}

	@Override
	public void close() {
		try {
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
