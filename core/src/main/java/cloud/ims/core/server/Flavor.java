package cloud.ims.core.server;

/**
 * A server size from the flavor catalogue.
 */
public record Flavor(String id, String name, int vcpus, int ramMb, int diskGb) {
}
