package cloud.ims.core.compute;

import java.util.Optional;

/**
 * The VMware Service as IMS uses it. Every call is safe to repeat: callers retry on {@link DriverUnavailable} and
 * messages are delivered at least once. State rules: start needs {@code SHUTOFF}, stop and reboot need
 * {@code ACTIVE}, export works in either; otherwise {@link VmStateConflict}. An unknown ECS is {@link VmNotFound};
 * a permanent failure is {@link DriverFailure}.
 */
public interface ComputeDriver {

	/**
	 * Creates an {@code ACTIVE} ECS whose system disk is cloned from the image; if the ECS already exists it is
	 * answered unchanged.
	 */
	VirtualMachine create(VmSpec spec);

	VirtualMachine start(String serverId);

	VirtualMachine stop(String serverId, boolean hard);

	VirtualMachine reboot(String serverId, boolean hard);

	/** Deletes the ECS and its disk; deleting an ECS that does not exist does nothing. */
	void delete(String serverId);

	Optional<VirtualMachine> find(String serverId);

	/** A flattened, standalone qcow2 copy of the system disk (no backing file). */
	ExportedDisk exportSystemDisk(String serverId);

}
