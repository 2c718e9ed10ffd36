package cloud.ims.core.compute;

/**
 * What operators need to know about the VMware Service a worker drives.
 *
 * @param type {@code simulated} or {@code vsphere}
 * @param endpoint where the service is (a directory or a URL without credentials)
 * @param reachable whether it answered the last time it was asked
 * @param detail why it is unreachable, or a short description of it (e.g. its version)
 */
public record DriverStatus(String type, String endpoint, boolean reachable, String detail) {
}
