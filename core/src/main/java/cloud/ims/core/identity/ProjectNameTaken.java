package cloud.ims.core.identity;

import cloud.ims.core.common.ImsException;

/** Another project of the domain has this name, or this id. */
public final class ProjectNameTaken extends ImsException {

	public ProjectNameTaken(String name) {
		super(Kind.CONFLICT, "IAM.0210", "A project named " + name + " (or with that id) exists already. "
				+ "Choose another name.");
	}

}
