package cloud.ims.gateway.security;

/**
 * The claims an IMS token carries besides {@code sub} (the user).
 */
public final class TokenClaims {

	public static final String PROJECT_ID = "project_id";

	public static final String ROLES = "roles";

	private TokenClaims() {
	}

}
