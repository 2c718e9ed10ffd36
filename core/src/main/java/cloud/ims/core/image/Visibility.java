package cloud.ims.core.image;

import java.util.Locale;

/**
 * Who may see an image: every project (public, "gold"), or only its owner (private).
 */
public enum Visibility {

	PUBLIC, PRIVATE, SHARED;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Huawei's {@code __imagetype}: public images are "gold". */
	public String imageType() {
		return (this == PUBLIC) ? "gold" : wireName();
	}

	public static Visibility fromWireName(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

}
