package cloud.ims.gateway.console;

import java.util.Collection;
import java.util.Map;

/**
 * Who is signed in, as the pages need it: to greet, and to show admins their extra actions.
 */
record ConsoleUser(String userId, String projectId, boolean admin, boolean signedIn) {

	static final ConsoleUser ANONYMOUS = new ConsoleUser("", "", false, false);

	static ConsoleUser of(Map<String, Object> claims, String projectClaim, String rolesClaim) {
		Object roles = claims.get(rolesClaim);
		boolean admin = (roles instanceof Collection<?> list) && list.contains("admin");
		return new ConsoleUser(String.valueOf(claims.get("sub")), String.valueOf(claims.get(projectClaim)), admin, true);
	}

}
