package cloud.ims.core.compute.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cloud.ims.core.compute.DriverFailure;

/**
 * The text descriptor that a VM's {@code .vmdk} on a datastore usually is: the disk's data lives in the extents it
 * names ({@code disk-flat.vmdk}). A disk whose extents are all flat is its extents' bytes one after the other, a raw
 * image; a disk with sparse extents (a linked clone's or a snapshot's delta) cannot be exported that way.
 */
record DiskDescriptor(List<String> extents) {

	private static final String SIGNATURE = "# Disk DescriptorFile";

	private static final int MAX_DESCRIPTOR = 64 * 1024;

	private static final Pattern EXTENT = Pattern.compile("^(RW|RDONLY|NOACCESS)\\s+\\d+\\s+(\\w+)\\s+\"([^\"]+)\".*$");

	/** The descriptor in {@code file}, or empty when the file is a disk itself (a monolithic sparse VMDK). */
	static Optional<DiskDescriptor> read(Path file, String disk) throws IOException {
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(MAX_DESCRIPTOR);
		}
		String text = new String(head, StandardCharsets.US_ASCII);
		if (!text.startsWith(SIGNATURE)) {
			return Optional.empty();
		}
		List<String> extents = new ArrayList<>();
		for (String line : text.lines().toList()) {
			Matcher extent = EXTENT.matcher(line.strip());
			if (!extent.matches()) {
				continue;
			}
			String type = extent.group(2);
			if (!type.equals("FLAT") && !type.equals("VMFS")) {
				throw new DriverFailure("The disk " + disk + " has a " + type + " extent (a linked clone's or a "
						+ "snapshot's delta); consolidate its snapshots in vCenter before an image is made from it");
			}
			String name = extent.group(3);
			if (name.contains("/") || name.contains("..")) {
				throw new DriverFailure("The disk " + disk + " names an extent outside its folder: " + name);
			}
			extents.add(name);
		}
		if (extents.isEmpty()) {
			throw new DriverFailure("The disk descriptor " + disk + " names no extent");
		}
		return Optional.of(new DiskDescriptor(List.copyOf(extents)));
	}

}
