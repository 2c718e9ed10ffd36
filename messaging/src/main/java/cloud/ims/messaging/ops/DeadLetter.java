package cloud.ims.messaging.ops;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A message a worker dead-lettered, with where it came from and the reason the worker gave. The schema fingerprint
 * is the writer schema's, big-endian as the schema endpoints name it, when the message is long enough to carry one.
 */
public record DeadLetter(String topic, int partition, long offset, @Nullable String key, Instant deadLetteredAt,
		@Nullable String originalTopic, @Nullable String exception, @Nullable String reason, int size,
		@Nullable String schemaFingerprint) {
}
