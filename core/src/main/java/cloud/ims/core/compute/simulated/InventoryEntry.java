package cloud.ims.core.compute.simulated;

import java.time.Instant;

import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmSpec;
import cloud.ims.core.compute.VmState;

/**
 * One ECS as the simulated service records it on disk. Times are ISO-8601 text, so the file needs no Jackson module
 * and stays readable for operators.
 */
record InventoryEntry(String serverId, String name, VmState state, int vcpus, int ramMb, int diskGb, String imageId,
		String imageFormat, String createdAt) {

	static InventoryEntry created(VmSpec spec, Instant now) {
		return new InventoryEntry(spec.serverId(), spec.name(), VmState.ACTIVE, spec.vcpus(), spec.ramMb(),
				spec.diskGb(), spec.imageId(), spec.imageFormat(), now.toString());
	}

	InventoryEntry withState(VmState newState) {
		return new InventoryEntry(this.serverId, this.name, newState, this.vcpus, this.ramMb, this.diskGb, this.imageId,
				this.imageFormat, this.createdAt);
	}

	VirtualMachine toVirtualMachine() {
		return new VirtualMachine(this.serverId, this.name, this.state, this.vcpus, this.ramMb, this.diskGb,
				this.imageId, Instant.parse(this.createdAt));
	}

}
