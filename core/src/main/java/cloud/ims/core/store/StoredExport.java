package cloud.ims.core.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The file of one export, kept in the image store from {@code publishedAt} until the retention sweep removes it.
 */
public record StoredExport(String exportId, Path path, long size, Instant publishedAt) {
}
