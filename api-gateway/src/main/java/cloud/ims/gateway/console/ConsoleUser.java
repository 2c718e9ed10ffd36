package cloud.ims.gateway.console;

import java.util.List;

import cloud.ims.gateway.security.TokenClaims;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is signed in, as the pages need it: to greet, and to show admins their extra actions.
 */
record ConsoleUser(String userId, String projectId, boolean admin, boolean signedIn) {

	static final ConsoleUser ANONYMOUS = new ConsoleUser("", "", false, false);

	static ConsoleUser of(Jwt token) {
		List<String> roles = token.getClaimAsStringList(TokenClaims.ROLES);
		return new ConsoleUser(String.valueOf(token.getSubject()),
				String.valueOf(token.getClaimAsString(TokenClaims.PROJECT_ID)), roles != null && roles.contains("admin"),
				true);
	}

}
