package cloud.ims.core.compute;

import java.nio.file.Path;

/**
 * What to create: an ECS with the given flavor whose system disk starts as a copy of the image.
 *
 * @param serverId the ECS id, a canonical UUID chosen by IMS so that a retried create finds its earlier result
 * @param diskGb the system disk size in GiB; the disk is never smaller than the image's virtual size
 * @param imageFile the image's data, readable by the VMware Service
 * @param imageFormat the image's disk format, e.g. {@code qcow2} or {@code vmdk}
 */
public record VmSpec(String serverId, String name, int vcpus, int ramMb, int diskGb, String imageId, Path imageFile,
		String imageFormat) {
}
