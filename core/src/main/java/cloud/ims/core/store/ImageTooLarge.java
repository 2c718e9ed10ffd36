package cloud.ims.core.store;

import java.io.IOException;

/**
 * The incoming image exceeded the size the caller allows; the partial data has already been removed.
 */
public class ImageTooLarge extends IOException {

	private final long maxBytes;

	public ImageTooLarge(long maxBytes) {
		super("The image is larger than the limit of " + maxBytes + " bytes");
		this.maxBytes = maxBytes;
	}

	public long maxBytes() {
		return this.maxBytes;
	}

}
