package cloud.ims.imageworker;

/**
 * Importing an image failed for good, with a code that says what was wrong with the source.
 */
final class ImportFailed extends RuntimeException {

	private final String code;

	ImportFailed(String code, String message) {
		super(message, null, false, false);
		this.code = code;
	}

	String code() {
		return this.code;
	}

}
