package cloud.ims.gateway.security;

import java.util.Set;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;

/**
 * The authenticated user of a request: who it is, which project it acts in, its roles and the request id.
 */
public record Caller(String userId, String projectId, Set<String> roles, String requestId) {

	public boolean isAdmin() {
		return this.roles.contains("admin");
	}

	public Actor actor() {
		return new Actor(this.projectId, this.userId, this.requestId);
	}

	/** A {@code {project_id}} in the path must be the token's own project. */
	public void requireProject(String projectId) {
		if (!this.projectId.equals(projectId)) {
			throw new ImsException(Kind.FORBIDDEN, "IMS.0403", "The token is scoped to project " + this.projectId
					+ " but the path names project " + projectId + ". Use a token of that project, or your own project id.");
		}
	}

}
