package cloud.ims.provisioning;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The failure an asynchronous chain reports, without the wrappers its stages add. */
final class Failures {

	private Failures() {
	}

	static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/** Rethrows the failure as it is, for the next stage to see. */
	static RuntimeException rethrow(Throwable failure) {
		Throwable cause = unwrap(failure);
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		return new CompletionException(cause);
	}

}
