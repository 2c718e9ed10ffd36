package cloud.ims.gateway.web;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The list parameters every collection shares: {@code limit} defaults to 100 and may be at most 1000.
 */
public final class Paging {

	public static final int DEFAULT_LIMIT = 100;

	public static final int MAX_LIMIT = 1000;

	private Paging() {
	}

	public static int limit(@Nullable String limit) {
		if (limit == null || limit.isBlank()) {
			return DEFAULT_LIMIT;
		}
		try {
			int value = Integer.parseInt(limit.trim());
			if (value >= 1 && value <= MAX_LIMIT) {
				return value;
			}
		}
		catch (NumberFormatException notANumber) {
			// answered below
		}
		throw new ImsException(Kind.INVALID, "IMS.0400",
				"Parameter limit=" + limit + " is invalid; use a whole number from 1 to " + MAX_LIMIT + ".");
	}

}
