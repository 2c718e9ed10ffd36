package cloud.ims.gateway.identity;

import java.util.Set;

import cloud.ims.gateway.security.CallerPrincipal;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request verified as signed with an access key: the key's user acting in the project the request named
 * ({@code X-Project-Id}), with the roles the user has there. The roles are also authorities ({@code ROLE_admin}), as
 * a token's are.
 */
final class AccessKeyAuthentication extends AbstractAuthenticationToken implements CallerPrincipal {

	private final String accessKey;

	private final String userId;

	private final String projectId;

	private final Set<String> roles;

	AccessKeyAuthentication(String accessKey, String userId, String projectId, Set<String> roles) {
		super(roles.stream().map((role) -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
		this.accessKey = accessKey;
		this.userId = userId;
		this.projectId = projectId;
		this.roles = Set.copyOf(roles);
		setAuthenticated(true);
	}

	String accessKey() {
		return this.accessKey;
	}

	@Override
	public String userId() {
		return this.userId;
	}

	@Override
	public String projectId() {
		return this.projectId;
	}

	@Override
	public Set<String> roles() {
		return this.roles;
	}

	/** Never the secret: the signature has done its work. */
	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Object getPrincipal() {
		return this.userId;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AccessKeyAuthentication signed && super.equals(other)
				&& this.accessKey.equals(signed.accessKey) && this.projectId.equals(signed.projectId);
	}

	@Override
	public int hashCode() {
		return super.hashCode() * 31 + this.accessKey.hashCode();
	}

}
