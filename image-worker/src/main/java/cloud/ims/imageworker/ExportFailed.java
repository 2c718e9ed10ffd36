package cloud.ims.imageworker;

/**
 * Exporting an image failed for good, with a code that says why.
 */
final class ExportFailed extends RuntimeException {

	private final String code;

	ExportFailed(String code, String message) {
		super(message, null, false, false);
		this.code = code;
	}

	String code() {
		return this.code;
	}

}
