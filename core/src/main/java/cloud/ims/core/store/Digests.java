package cloud.ims.core.store;

import org.jspecify.annotations.Nullable;

/**
 * The checksums and length of some image bytes, computed while they streamed by, so that a client's checksum can be
 * verified without reading the data twice. A staged file that will be converted has no MD5 ({@link StagingSink}).
 */
public record Digests(String sha256Hex, @Nullable String md5Hex, long size) {
}
