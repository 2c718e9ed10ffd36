package cloud.ims.core.compute;

/**
 * The ECS is not in a state that allows the operation, e.g. starting an ECS that is already running. Not retryable:
 * the caller has to change the state first.
 */
public class VmStateConflict extends RuntimeException {

	private final String serverId;

	private final VmState current;

	private final String operation;

	/**
	 * @param operation the attempted operation as a verb phrase: {@code start}, {@code stop}, {@code reboot},
	 * {@code export the system disk of}
	 */
	public VmStateConflict(String serverId, VmState current, String operation) {
		super(message(serverId, current, operation));
		this.serverId = serverId;
		this.current = current;
		this.operation = operation;
	}

	public String serverId() {
		return this.serverId;
	}

	public VmState current() {
		return this.current;
	}

	public String operation() {
		return this.operation;
	}

	private static String message(String serverId, VmState current, String operation) {
		String ecs = "ECS " + serverId + " is " + current + "; ";
		if (current == VmState.ACTIVE && operation.equals("start")) {
			return ecs + "it is already running";
		}
		if (current == VmState.SHUTOFF && operation.equals("stop")) {
			return ecs + "it is already stopped";
		}
		if (current == VmState.SHUTOFF) {
			return ecs + "start it before you " + operation + " it";
		}
		return ecs + "cannot " + operation + " it";
	}

}
