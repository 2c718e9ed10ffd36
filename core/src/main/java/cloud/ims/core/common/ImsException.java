package cloud.ims.core.common;

/**
 * A failure the caller can act on: it carries a stable error code (API.md's table) and a message that
 * says what was wrong and how to fix it.
 */
public class ImsException extends RuntimeException {

	private final String code;

	private final Kind kind;

	public ImsException(Kind kind, String code, String message) {
		super(message);
		this.kind = kind;
		this.code = code;
	}

	public String code() {
		return this.code;
	}

	public Kind kind() {
		return this.kind;
	}

	/** What sort of failure this is; the gateway turns it into an HTTP status. */
	public enum Kind {

		INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, QUOTA, UNAVAILABLE,

		/** The image store is too full for the work: HTTP 507. */
		INSUFFICIENT_STORAGE

	}

}
