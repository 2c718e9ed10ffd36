package cloud.ims.core.image;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The part of an image its users may change: what an edit (a JSON patch) starts from and produces.
 */
public record ImageEdit(String name, @Nullable String description, int minDisk, int minRam, @Nullable Integer maxRam,
		List<String> tags, boolean isProtected, @Nullable String osVersion, Visibility visibility,
		Map<String, String> properties) {

	public static ImageEdit of(Image image) {
		return new ImageEdit(image.name(), image.description(), image.minDisk(), image.minRam(), image.maxRam(),
				image.tags(), image.isProtected(), image.osVersion(), image.visibility(), image.properties());
	}

}
