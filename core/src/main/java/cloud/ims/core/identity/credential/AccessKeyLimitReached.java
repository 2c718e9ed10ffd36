package cloud.ims.core.identity.credential;

import cloud.ims.core.common.ImsException;

/** The user has as many access keys as a user may have. */
public final class AccessKeyLimitReached extends ImsException {

	public AccessKeyLimitReached(String userId, int limit) {
		super(Kind.CONFLICT, "IAM.0302", "User " + userId + " has " + limit + " access keys already, the most a user "
				+ "may have. Delete one (DELETE /v3.0/OS-CREDENTIAL/credentials/{access_key}) before you create "
				+ "another.");
	}

}
