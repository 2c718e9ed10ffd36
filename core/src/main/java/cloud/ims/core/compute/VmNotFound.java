package cloud.ims.core.compute;

/**
 * The VMware Service has no ECS with that id.
 */
public class VmNotFound extends RuntimeException {

	private final String serverId;

	public VmNotFound(String serverId) {
		super("ECS " + serverId + " does not exist");
		this.serverId = serverId;
	}

	public String serverId() {
		return this.serverId;
	}

}
