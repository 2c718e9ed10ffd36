package cloud.ims.gateway.security;

import java.util.Set;

/**
 * An authentication that names its caller itself instead of through a JWT's claims (a request signed with an access
 * key): the user, the project it acts in and its roles there.
 */
public interface CallerPrincipal {

	String userId();

	String projectId();

	Set<String> roles();

}
