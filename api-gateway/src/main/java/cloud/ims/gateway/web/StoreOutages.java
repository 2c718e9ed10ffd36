package cloud.ims.gateway.web;

import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/**
 * Tells an outage of the store (MongoDB down, unreachable, or without a primary) from other failures: it is temporary,
 * nothing was recorded, and the answer is 503 {@code IMS.0503}, wherever it surfaces.
 */
public final class StoreOutages {

	public static final String CODE = "IMS.0503";

	public static final String MESSAGE = "The service cannot reach its database right now, so nothing was done. "
			+ "Retry in a moment (with the same X-Client-Token, if you sent one).";

	private StoreOutages() {
	}

	public static boolean isOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException
					|| cause instanceof MongoNotPrimaryException) {
				return true;
			}
		}
		return false;
	}

}
