package cloud.ims.core.common;

/**
 * Who asked for something: the user, the project it acts in, and the request that carried it.
 */
public record Actor(String projectId, String userId, String correlationId) {
}
