package cloud.ims.core.image;

import java.util.Locale;

/**
 * An image's life: {@code queued -> saving -> active}, {@code saving -> killed} on failure,
 * {@code active -> deleted}, and {@code active <-> deactivated} at its owner's request. Glance's glance-direct import
 * goes {@code queued -> uploading} (its data staged) {@code -> importing -> active | killed}. Only active images can be
 * edited or used to create ECSs.
 */
public enum ImageStatus {

	QUEUED, SAVING, ACTIVE, KILLED, DELETED, DEACTIVATED, UPLOADING, IMPORTING;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static ImageStatus fromWireName(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

}
