package cloud.ims.gateway.image;

import java.util.LinkedHashMap;
import java.util.Map;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.web.Times;
import org.jspecify.annotations.Nullable;

/**
 * One image representation for both dialects: Glance's core properties plus Huawei's {@code __} extensions
 * and the free-form properties. Only the byte sizes differ (ADR 35). The Huawei SDKs parse {@code virtual_size}
 * as a 32-bit integer in every model, and {@code size} too in the Huawei dialect's, and fail the whole call on a
 * larger number; so a number that does not fit is null where an SDK reads it: always in the Huawei dialect, and in
 * Glance's for a caller that signed with an access key. Everyone else gets Glance's exact 64-bit sizes, and the
 * exact stored size is always in {@code __image_size}, a string in every SDK model.
 */
public final class ImageView {

	private ImageView() {
	}

	static Map<String, Object> glance(Image image, boolean frequentlyUsed) {
		return glance(image, frequentlyUsed, image.owner());
	}

	/**
	 * As a token holder of the viewer's project sees it: {@code __imagetype} says {@code shared} for an image shared
	 * with it.
	 */
	static Map<String, Object> glance(Image image, boolean frequentlyUsed, String viewer) {
		return glance(image, frequentlyUsed, viewer, false);
	}

	/** As the caller sees it: in its project's eyes, and with sizes its client parses. */
	static Map<String, Object> glance(Image image, boolean frequentlyUsed, Caller viewer) {
		return glance(image, frequentlyUsed, viewer.projectId(), viewer.readsHuaweiSdkModels());
	}

	private static Map<String, Object> glance(Image image, boolean frequentlyUsed, String viewer,
			boolean huaweiSdkModels) {
		Map<String, Object> view = common(image, frequentlyUsed, viewer);
		ImageData data = image.data();
		// A Long in every Glance model of the SDKs: exact for everyone.
		view.put("size", (data != null) ? data.size() : null);
		view.put("virtual_size", (data != null) ? glanceVirtualSize(data.virtualSize(), huaweiSdkModels) : null);
		// Glance shows every image's os_hidden, false until set.
		view.putIfAbsent("os_hidden", false);
		return view;
	}

	/** An Integer in every Glance model of the SDKs. */
	static @Nullable Object glanceVirtualSize(long bytes, boolean huaweiSdkModels) {
		return huaweiSdkModels ? int32(bytes) : (Object) bytes;
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

	/** The number where a 32-bit integer holds it, else null: unknown rather than wrong (ADR 35). */
	static @Nullable Integer int32(long bytes) {
		return (bytes <= Integer.MAX_VALUE) ? (int) bytes : null;
	}

}
