package cloud.ims.core.quota;

import cloud.ims.core.common.Changed;
import cloud.ims.core.image.Image;

/**
 * The bytes of image data an image document holds against its project's quota: its stored data once active (a copy
 * counts the shared file's size for itself), its staged data while a glance-direct import waits, nothing once killed
 * or deleted. Bytes a running job reserved before they are stored are held by that job, not by the document.
 */
public final class ImageBytes {

	private ImageBytes() {
	}

	public static long heldBy(Image image) {
		if (!image.holdsQuota()) {
			return 0;
		}
		if (image.data() != null) {
			return image.data().size();
		}
		return (image.staged() != null) ? image.staged().size() : 0;
	}

	/**
	 * How a change of an image moves its project's bytes: what the document holds after it minus what it held
	 * before, minus what the job that made the change held reserved for it (which the document now holds, or which is
	 * given back).
	 */
	public static long change(Changed<Image> transition, long heldByJob) {
		return heldBy(transition.after()) - heldBy(transition.before()) - heldByJob;
	}

}
