package cloud.ims.gateway.stream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the server-sent event streams of one gateway replica: open streams per user ({@code perUser}) and in all
 * ({@code total}); a stream that sends nothing for {@code idleTimeout}, or has been open for {@code maxDuration}, is
 * ended (its client reconnects, as EventSource and the console do, and gets the current state first).
 */
@ConfigurationProperties("ims.streams")
public record StreamSettings(@DefaultValue("8") int perUser, @DefaultValue("2000") int total,
		@DefaultValue("5m") Duration idleTimeout, @DefaultValue("1h") Duration maxDuration) {
}
