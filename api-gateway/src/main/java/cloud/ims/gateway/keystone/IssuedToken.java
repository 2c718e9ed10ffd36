package cloud.ims.gateway.keystone;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A token the gateway signed: the JWT and the claims it carries. */
record IssuedToken(String value, String id, String userId, @Nullable String projectId, List<String> roles,
		Instant issuedAt, Instant expiresAt) {

	@Override
	public String toString() {
		return "IssuedToken[id=" + this.id + ", userId=" + this.userId + ", projectId=" + this.projectId + "]";
	}

}
