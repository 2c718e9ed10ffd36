package cloud.ims.core.identity;

/** One role of one user in one project. */
public record RoleAssignment(String userId, String projectId, Role role) {
}
