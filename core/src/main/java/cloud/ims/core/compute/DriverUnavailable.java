package cloud.ims.core.compute;

/**
 * The VMware Service could not do the operation just now (a transient fault, no free capacity, an I/O hiccup) and
 * changed nothing; trying again later may succeed.
 */
public class DriverUnavailable extends RuntimeException {

	public DriverUnavailable(String message) {
		super(message);
	}

	public DriverUnavailable(String message, Throwable cause) {
		super(message, cause);
	}

}
