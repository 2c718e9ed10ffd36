package cloud.ims.core.compute.vsphere;

import org.jspecify.annotations.Nullable;

/**
 * A fault vCenter answered, by its vim25 type (e.g. {@code InvalidPowerState}) and vCenter's own message. The driver
 * maps it onto the port's exceptions; inside the client it is what a call or a task fails with.
 */
final class VimFault extends RuntimeException {

	private final String type;

	private final String localizedMessage;

	private final @Nullable ManagedObject object;

	VimFault(String type, String localizedMessage, @Nullable ManagedObject object) {
		super(localizedMessage.isEmpty() ? type : type + ": " + localizedMessage);
		this.type = type;
		this.localizedMessage = localizedMessage;
		this.object = object;
	}

	String type() {
		return this.type;
	}

	String localizedMessage() {
		return this.localizedMessage;
	}

	/** The object a ManagedObjectNotFound (or similar) fault names, if it names one. */
	@Nullable ManagedObject object() {
		return this.object;
	}

	boolean is(String faultType) {
		return this.type.equals(faultType);
	}

}
