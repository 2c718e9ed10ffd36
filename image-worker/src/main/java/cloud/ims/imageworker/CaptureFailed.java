package cloud.ims.imageworker;

/**
 * Capturing an ECS failed for good: the image is killed and the job fails with this code and message.
 */
final class CaptureFailed extends RuntimeException {

	private final String code;

	CaptureFailed(String code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	String code() {
		return this.code;
	}

}
