package cloud.ims.core.qemu;

import org.jspecify.annotations.Nullable;

/**
 * What {@code qemu-img info} learned about a disk image: its real format and sizes, and whether it points at other
 * files. An image that references other files must never be imported, because opening it would read host files.
 *
 * @param format the format qemu-img detected, e.g. {@code qcow2}, {@code raw}, {@code vmdk}
 * @param virtualSize the size of the disk as the guest sees it, in bytes
 * @param actualSize the space the file takes on the host, in bytes
 * @param backingFile the backing file the image names, if any
 * @param dataFile the external data file of a qcow2 image, if any
 * @param hasExternalExtents whether a vmdk names an extent other than the file itself
 * @param vmdkSubformat a vmdk's create type, e.g. {@code streamOptimized} or {@code monolithicSparse}
 */
public record DiskImageInfo(String format, long virtualSize, long actualSize, @Nullable String backingFile,
		@Nullable String dataFile, boolean hasExternalExtents, @Nullable String vmdkSubformat) {

	public boolean referencesOtherFiles() {
		return this.backingFile != null || this.dataFile != null || this.hasExternalExtents;
	}

}
