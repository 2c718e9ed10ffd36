package cloud.ims.core.operations;

import java.time.Instant;

/**
 * The state of one worker instance's circuit breaker ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}...), since when
 * it is in that state, and when the instance last said so.
 */
public record BreakerState(String name, String instance, String state, Instant since, Instant updatedAt) {
}
