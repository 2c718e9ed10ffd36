package cloud.ims.imageworker;

import cloud.ims.core.common.ImsException;

/**
 * A download's bytes against the project's quota and the store's floor (ADR 38): all that the source declares as
 * soon as it declares it, then the bytes as they arrive (a source that declares nothing, or sends more). A refusal
 * ends the download with its code, and the job kills the image and removes the partial file.
 */
final class DownloadedBytes {

	private DownloadedBytes() {
	}

	/** Called with each chunk written: {@code received} bytes so far, {@code expected} in all or -1. */
	static void cover(JobBytes bytes, long received, long expected) {
		try {
			bytes.cover(Math.max(received, expected));
		}
		catch (ImsException refused) {
			throw new ImportFailed(refused.code(), refused.getMessage());
		}
	}

}
