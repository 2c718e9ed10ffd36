package cloud.ims.core.image;

/**
 * The bytes a glance-direct stage left in the image store's staging area, waiting for the image's import: the staging
 * file's name and what was computed while the bytes arrived.
 */
public record StagedData(String file, long size, String sha256, String md5) {
}
