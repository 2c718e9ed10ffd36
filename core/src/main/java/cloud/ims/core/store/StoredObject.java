package cloud.ims.core.store;

import java.nio.file.Path;

/**
 * The published data of one image.
 */
public record StoredObject(String imageId, Path path, long size) {
}
