package cloud.ims.core.store;

import java.nio.file.Path;

/**
 * Bytes received into the store's staging area and not yet published; either {@link ImageStore#put put} or
 * {@link ImageStore#discard discard} it.
 */
public record StagedFile(Path path, Digests digests) {
}
