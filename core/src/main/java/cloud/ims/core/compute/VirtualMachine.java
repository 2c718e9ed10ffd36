package cloud.ims.core.compute;

import java.time.Instant;

/**
 * An ECS as the VMware Service reports it.
 */
public record VirtualMachine(String serverId, String name, VmState state, int vcpus, int ramMb, int diskGb,
		String imageId, Instant createdAt) {
}
