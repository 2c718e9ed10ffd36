package cloud.ims.core.spring;

/**
 * IMS's settings cannot work as given (an unknown {@code ims.*} name, a missing vCenter setting): the service refuses
 * to start, with what is wrong and what to do about it.
 */
public class InvalidSettings extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String action;

	public InvalidSettings(String description, String action) {
		super(description);
		this.action = action;
	}

	/** What the operator can do about it. */
	public String action() {
		return this.action;
	}

}
