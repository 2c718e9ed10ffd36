package cloud.ims.core.image;

/**
 * What the image store holds for an active image: the file's format, sizes and digests.
 */
public record ImageData(String diskFormat, long size, long virtualSize, String md5, String sha256) {
}
