package cloud.ims.core.common;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The failure an asynchronous chain reports, without the wrappers its stages add.
 */
public final class Completions {

	private Completions() {
	}

	/** The failure inside any {@link CompletionException} and {@link ExecutionException} around it. */
	public static Throwable cause(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
