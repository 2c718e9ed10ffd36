package cloud.ims.core.identity;

import cloud.ims.core.common.ImsException;

/** Another user of the domain has this name. */
public final class UserNameTaken extends ImsException {

	public UserNameTaken(String name) {
		super(Kind.CONFLICT, "IAM.0209", "A user named " + name + " exists already. Choose another name.");
	}

}
