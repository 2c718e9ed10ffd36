package cloud.ims.gateway.image;

import java.util.LinkedHashMap;
import java.util.Map;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.gateway.web.Times;
import org.jspecify.annotations.Nullable;

/**
 * One image representation for both dialects: Glance's core properties plus Huawei's {@code __} extensions
 * and the free-form properties. Only the byte sizes differ: Glance has them as 64-bit numbers, while the
 * Huawei SDK parses {@code size} and {@code virtual_size} as 32-bit integers, so there they are null when
 * larger (the exact size stays in {@code __image_size}).
 */
public final class ImageView {

	private ImageView() {
	}

	static Map<String, Object> glance(Image image, boolean frequentlyUsed) {
		return glance(image, frequentlyUsed, image.owner());
	}

	/** As the viewer's project sees it: {@code __imagetype} says {@code shared} for an image shared with it. */
	static Map<String, Object> glance(Image image, boolean frequentlyUsed, String viewer) {
		Map<String, Object> view = common(image, frequentlyUsed, viewer);
		ImageData data = image.data();
		view.put("size", (data != null) ? data.size() : null);
		view.put("virtual_size", (data != null) ? data.virtualSize() : null);
		return view;
	}

	public static Map<String, Object> huawei(Image image, boolean frequentlyUsed) {
		return huawei(image, frequentlyUsed, image.owner());
	}

	/** As the viewer's project sees it: {@code __imagetype} says {@code shared} for an image shared with it. */
	public static Map<String, Object> huawei(Image image, boolean frequentlyUsed, String viewer) {
		Map<String, Object> view = common(image, frequentlyUsed, viewer);
		ImageData data = image.data();
		view.put("size", (data != null) ? int32(data.size()) : null);
		view.put("virtual_size", (data != null) ? int32(data.virtualSize()) : null);
		return view;
	}

	private static Map<String, Object> common(Image image, boolean frequentlyUsed, String viewer) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.putAll(HuaweiProperties.typed(image.properties()));
		ImageData data = image.data();
		String id = image.id().value();
		view.put("id", id);
		view.put("name", image.name());
		view.put("status", image.status().wireName());
		view.put("visibility", image.visibility().wireName());
		view.put("owner", image.owner());
		view.put("protected", image.isProtected());
		view.put("tags", image.tags());
		view.put("disk_format", (data != null) ? data.diskFormat() : image.properties().get("disk_format"));
		view.put("container_format", image.containerFormat());
		view.put("min_disk", image.minDisk());
		view.put("min_ram", image.minRam());
		view.put("max_ram", (image.maxRam() != null) ? String.valueOf(image.maxRam()) : null);
		view.put("checksum", (data != null) ? data.md5() : null);
		view.put("os_hash_algo", (data != null) ? "sha256" : null);
		view.put("os_hash_value", (data != null) ? data.sha256() : null);
		view.put("created_at", Times.format(image.createdAt()));
		view.put("updated_at", Times.format(image.updatedAt()));
		view.put("self", "/v2/images/" + id);
		view.put("file", "/v2/images/" + id + "/file");
		view.put("schema", "/v2/schemas/image");
		view.put("__imagetype", image.imageTypeFor(viewer));
		view.put("__os_type", image.osType());
		view.put("__os_version", image.osVersion());
		view.put("__platform", image.platform());
		view.put("__os_bit", image.osBit());
		view.put("__description", image.description());
		view.put("__image_size", (data != null) ? String.valueOf(data.size()) : null);
		view.put("__data_origin", image.dataOrigin());
		view.put("__isregistered", "true");
		view.put("__frequently_used", frequentlyUsed);
		return view;
	}

	private static @Nullable Integer int32(long bytes) {
		return (bytes <= Integer.MAX_VALUE) ? (int) bytes : null;
	}

}
