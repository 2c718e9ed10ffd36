package cloud.ims.core.qemu;

import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JSON that {@code qemu-img info --output=json} prints, looking in the format-specific part for the ways
 * an image can pull in other host files (qcow2 data files, vmdk extents) and for a vmdk's subformat.
 */
final class DiskImageInfoParser {

	private static final ObjectMapper mapper = new ObjectMapper();

	private DiskImageInfoParser() {
	}

	/**
	 * @param file the absolute, normalized path qemu-img was given, against which vmdk extent names are compared
	 */
	static DiskImageInfo parse(String json, Path file) throws QemuImgFailed {
		JsonNode root;
		try {
			root = mapper.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new QemuImgFailed("qemu-img info of '" + file.getFileName() + "' printed unreadable JSON", ex);
		}
		String format = text(root, "format");
		long virtualSize = root.path("virtual-size").asLong(-1);
		if (format == null || virtualSize < 0) {
			throw new QemuImgFailed("qemu-img info of '" + file.getFileName() + "' did not tell format and size");
		}
		String backingFile = text(root, "backing-filename");
		if (backingFile == null) {
			backingFile = text(root, "full-backing-filename");
		}
		JsonNode specific = root.path("format-specific");
		String type = specific.path("type").asText("");
		JsonNode data = specific.path("data");
		String dataFile = "qcow2".equals(type) ? text(data, "data-file") : null;
		boolean vmdk = "vmdk".equals(type);
		boolean externalExtents = vmdk && hasExternalExtent(data.path("extents"), file);
		return new DiskImageInfo(format, virtualSize, root.path("actual-size").asLong(0), backingFile, dataFile,
				externalExtents, vmdk ? text(data, "create-type") : null);
	}

	private static boolean hasExternalExtent(JsonNode extents, Path file) {
		Path directory = file.getParent();
		for (JsonNode extent : extents) {
			String name = text(extent, "filename");
			if (name == null) {
				return true;
			}
			Path resolved = (directory != null) ? directory.resolve(name).normalize() : Path.of(name).normalize();
			if (!resolved.equals(file)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isTextual()) ? value.asText() : null;
	}

}
