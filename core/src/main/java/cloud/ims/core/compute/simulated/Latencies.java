package cloud.ims.core.compute.simulated;

import java.time.Duration;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * How long each kind of operation of the simulated service lasts: the common latency, unless the operation has its
 * own (creating a VM takes a real VMware Service minutes, powering it seconds).
 */
public record Latencies(Duration common, @Nullable Duration create, @Nullable Duration power,
		@Nullable Duration delete, @Nullable Duration export) {

	public Latencies {
		if (Stream.of(common, create, power, delete, export).anyMatch((latency) -> latency != null && latency.isNegative())) {
			throw new IllegalArgumentException("latency must not be negative");
		}
	}

	/** The same latency for every operation. */
	public static Latencies uniform(Duration latency) {
		return new Latencies(latency, null, null, null, null);
	}

	Duration of(Operation operation) {
		Duration own = switch (operation) {
			case CREATE -> this.create;
			case POWER -> this.power;
			case DELETE -> this.delete;
			case EXPORT -> this.export;
			case LOOKUP -> null;
		};
		return (own != null) ? own : this.common;
	}

}
