package cloud.ims.core.compute;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The VMware Service as IMS uses it. Real VMware operations take seconds to minutes, so every operation on an ECS
 * answers at once with a future that completes when the service has finished it; no caller's thread waits for the
 * service meanwhile. Failures complete the future exceptionally, never throw: {@link DriverUnavailable} for a
 * transient fault (retry later), {@link VmStateConflict} when the ECS's state forbids the operation (start needs
 * {@code SHUTOFF}, stop and reboot need {@code ACTIVE}, export works in either), {@link VmNotFound} for an unknown
 * ECS, {@link DriverFailure} for a permanent failure. Every operation is safe to repeat: messages are delivered at
 * least once and callers retry on {@link DriverUnavailable}.
 */
public interface ComputeDriver extends AutoCloseable {

	/**
	 * Creates an {@code ACTIVE} ECS whose system disk is a copy of the image; if the ECS already exists (a repeated
	 * create) it is answered unchanged and nothing is created twice.
	 */
	CompletableFuture<VirtualMachine> create(VmSpec spec);

	CompletableFuture<VirtualMachine> start(String serverId);

	/** Stops the ECS: SOFT asks its guest to shut down (powering it off if it does not in time), HARD powers it off. */
	CompletableFuture<VirtualMachine> stop(String serverId, boolean hard);

	/** Reboots the ECS: SOFT through its guest, HARD by a reset. */
	CompletableFuture<VirtualMachine> reboot(String serverId, boolean hard);

	/** Deletes the ECS and its disk, powering it off first if needed; deleting an ECS that does not exist does nothing. */
	CompletableFuture<Void> delete(String serverId);

	CompletableFuture<Optional<VirtualMachine>> find(String serverId);

	/**
	 * The power state of every ECS the service holds, by server id, read in a few requests whatever their number: so
	 * that IMS notices ECSs started or stopped behind its back (in vCenter itself, by HA, by a guest's own shutdown).
	 */
	CompletableFuture<Map<String, VmState>> powerStates();

	/**
	 * A standalone copy of the system disk (no backing file), for capture. Blocking: the image-worker reads it on the
	 * thread that captures.
	 */
	ExportedDisk exportSystemDisk(String serverId);

	/**
	 * Forgets the service's own copy of an image (a template made on its first use), once the image is deleted in IMS;
	 * ECSs already created from it keep working. Blocking and idempotent.
	 */
	void releaseImage(String imageId);

	/** Which VMware Service this is and whether it answers now, for health checks and operators. */
	DriverStatus status();

	/** Lets go of what the driver holds (sessions, threads). */
	@Override
	default void close() {
	}

}
