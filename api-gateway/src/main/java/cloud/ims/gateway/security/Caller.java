package cloud.ims.gateway.security;

import java.util.Set;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;

/**
 * The authenticated user of a request: who it is, which project it acts in, its roles, the request id and what it
 * proved itself with.
 */
public record Caller(String userId, String projectId, Set<String> roles, String requestId, Credential credential) {

	/** A caller with a token, as the OpenStack clients, the console and plain HTTP clients are. */
	public Caller(String userId, String projectId, Set<String> roles, String requestId) {
		this(userId, projectId, roles, requestId, Credential.TOKEN);
	}

	/** What authenticated the request. */
	public enum Credential {

		/** A token, in {@code X-Auth-Token} or {@code Authorization: Bearer}. */
		TOKEN,

		/** An {@code SDK-HMAC-SHA256} signature with an access key: only Huawei's SDKs and tools sign so. */
		ACCESS_KEY

	}

	/**
	 * Whether the caller reads answers into the Huawei SDKs' generated models, whose 32-bit integer fields cannot take
	 * every number the OpenStack clients can (ADR 35).
	 */
	public boolean readsHuaweiSdkModels() {
		return this.credential == Credential.ACCESS_KEY;
	}

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
