package cloud.ims.core.audit;

import java.util.Locale;

/**
 * How a traced request ended, as Cloud Trace Service grades its traces: {@code normal} (it succeeded), {@code warning}
 * (it was refused or failed on the caller's side, 4xx), {@code incident} (the service failed, 5xx).
 */
public enum TraceStatus {

	NORMAL, WARNING, INCIDENT;

	public static TraceStatus ofHttpStatus(int status) {
		if (status >= 500) {
			return INCIDENT;
		}
		return (status >= 400) ? WARNING : NORMAL;
	}

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The status of a wire name ({@code normal}, {@code warning}, {@code incident}), in any case. */
	public static TraceStatus ofWireName(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

}
