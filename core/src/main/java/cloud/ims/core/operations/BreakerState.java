package cloud.ims.core.operations;

import java.time.Instant;

import cloud.ims.core.compute.DriverStatus;
import org.jspecify.annotations.Nullable;

/**
 * The state of one worker instance's circuit breaker ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}...), since when
 * it is in that state, and when the instance last said so; with the VMware Service the instance drives and whether
 * it answered then ({@code driver}, null in reports of workers that did not tell).
 */
public record BreakerState(String name, String instance, String state, Instant since, Instant updatedAt,
		@Nullable DriverStatus driver) {

	public BreakerState(String name, String instance, String state, Instant since, Instant updatedAt) {
		this(name, instance, state, since, updatedAt, null);
	}

}
