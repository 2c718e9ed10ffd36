package cloud.ims.core.server;

/**
 * Why an ECS is in ERROR: an error code and a message a user can act on.
 */
public record Fault(String code, String message) {
}
