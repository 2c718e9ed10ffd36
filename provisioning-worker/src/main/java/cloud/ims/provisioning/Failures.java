package cloud.ims.provisioning;

import java.util.concurrent.CompletionException;

import cloud.ims.core.common.Completions;

/** Passes an asynchronous chain's failure on to its next stage as it is. */
final class Failures {

	private Failures() {
	}

	/** Rethrows the failure as it is, for the next stage to see. */
	static RuntimeException rethrow(Throwable failure) {
		Throwable cause = Completions.cause(failure);
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		return new CompletionException(cause);
	}

}
