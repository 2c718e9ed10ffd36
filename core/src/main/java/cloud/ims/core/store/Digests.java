package cloud.ims.core.store;

/**
 * The checksums and length of some image bytes, computed while they streamed by, so that a client's checksum can be
 * verified without reading the data twice.
 */
public record Digests(String sha256Hex, String md5Hex, long size) {
}
