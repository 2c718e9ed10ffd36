package cloud.ims.gateway.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * Times on the wire: UTC, ISO 8601, with seconds (the format Huawei Cloud and Glance both print).
 */
public final class Times {

	private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private Times() {
	}

	public static @Nullable String format(@Nullable Instant instant) {
		return (instant != null) ? ISO_SECONDS.format(instant) : null;
	}

}
