package cloud.ims.core.identity.credential;

import cloud.ims.core.common.ImsException;

/** No such access key, or one the caller may not see. */
public final class AccessKeyNotFound extends ImsException {

	public AccessKeyNotFound(String accessKey) {
		super(Kind.NOT_FOUND, "IAM.0303", "Access key " + shown(accessKey) + " does not exist. List your keys with "
				+ "GET /v3.0/OS-CREDENTIAL/credentials.");
	}

	private static String shown(String text) {
		String shown = (text.length() > 40) ? text.substring(0, 40) + "..." : text;
		return "'" + shown.replaceAll("[^\\x21-\\x7e]", "?") + "'";
	}

}
