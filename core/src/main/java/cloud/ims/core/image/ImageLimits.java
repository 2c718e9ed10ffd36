package cloud.ims.core.image;

/**
 * How much metadata one image may carry, in whichever dialect or console page it is given; {@link ImageRules}
 * enforces them, and the limits the API advertises ({@code maxImageMeta}) are these. Names follow Huawei IMS (1 to
 * 128 characters), descriptions Huawei's 1024 characters; tags are at most 50 (fewer than Glance's default
 * {@code image_tag_quota} of 128) of up to 255 characters, as in Glance. Free-form properties follow Glance: at most
 * {@code image_property_quota} (128) of them, keys up to 255 characters (Glance's column), values up to 65535 (its
 * {@code TEXT} column). On top, all of an image's property keys and values together may have at most
 * {@value #PROPERTIES_TOTAL} characters: every image's properties are held in memory by the gateway's list index,
 * so one image must not be able to fill it.
 */
public final class ImageLimits {

	public static final int NAME = 128;

	public static final int DESCRIPTION = 1024;

	public static final int TAGS = 50;

	public static final int TAG = 255;

	public static final int PROPERTIES = 128;

	public static final int PROPERTY_KEY = 255;

	public static final int PROPERTY_VALUE = 65_535;

	public static final int PROPERTIES_TOTAL = 65_536;

	private ImageLimits() {
	}

}
