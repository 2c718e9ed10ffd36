package cloud.ims.core.image;

import cloud.ims.core.common.Ids;

/**
 * The id of image: a UUID.
 */
public record ImageId(String value) {

	public static ImageId newId() {
		return new ImageId(Ids.newId());
	}

	@Override
	public String toString() {
		return this.value;
	}

}
