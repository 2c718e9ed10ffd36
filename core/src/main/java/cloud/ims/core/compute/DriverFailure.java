package cloud.ims.core.compute;

/**
 * The VMware Service cannot do the operation and trying again will not help, e.g. the image's data is unreadable or
 * not in its declared format.
 */
public class DriverFailure extends RuntimeException {

	public DriverFailure(String message) {
		super(message);
	}

	public DriverFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
