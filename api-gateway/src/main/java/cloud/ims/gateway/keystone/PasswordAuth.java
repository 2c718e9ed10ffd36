package cloud.ims.gateway.keystone;

import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.identity.User;
import org.jspecify.annotations.Nullable;

/**
 * A Keystone password authentication, as {@code POST /v3/auth/tokens} carries it: the user by id, or by name in a
 * domain (only {@code Default} exists), the password, and the project to scope to, by id or by name in a domain;
 * no scope asks for the user's default project, if any.
 */
record PasswordAuth(UserReference user, String password, @Nullable ProjectReference project) {

	/** A user by id, or by name in a domain; {@code domainKnown} is false for a domain other than the default. */
	record UserReference(@Nullable String id, @Nullable String name, boolean domainKnown) {

		/** What failed sign-ins are counted under: the name, or the id, never the password. */
		String throttleKey() {
			return (this.id != null) ? "user-id:" + this.id : "user:" + this.name;
		}

		String describe() {
			return (this.id != null) ? "user id " + this.id : "user name " + this.name;
		}

	}

	/** A project by id, or by name in a domain. */
	record ProjectReference(@Nullable String id, @Nullable String name, boolean domainKnown) {

		String describe() {
			return (this.id != null) ? this.id : String.valueOf(this.name);
		}

	}

	@Override
	public String toString() {
		return "PasswordAuth[user=" + this.user + ", project=" + this.project + "]";
	}

	/** Reads the request body, refusing what IMS does not support with a message that says what does work. */
	static PasswordAuth parse(Map<String, Object> body) {
		Map<String, Object> auth = object(body, "auth");
		Map<String, Object> identity = object(auth, "identity");
		Object methods = identity.get("methods");
		if (!(methods instanceof List<?> list) || !list.contains("password")) {
			throw invalid("identity.methods must be [\"password\"]: IMS signs in with a password (or signs requests "
					+ "with an access key).");
		}
		Map<String, Object> user = object(object(identity, "password"), "user");
		String password = string(user, "password");
		if (password == null) {
			throw invalid("identity.password.user.password is missing.");
		}
		String userId = string(user, "id");
		String userName = string(user, "name");
		if (userId == null && userName == null) {
			throw invalid("Name the user by id, or by name with its domain (\"domain\":{\"name\":\"Default\"}).");
		}
		UserReference userReference = new UserReference(userId, userName, userId != null || isDefaultDomain(user));
		return new PasswordAuth(userReference, password, scope(auth));
	}

	private static @Nullable ProjectReference scope(Map<String, Object> auth) {
		Object scope = auth.get("scope");
		if (scope == null || "unscoped".equals(scope)) {
			return null;
		}
		if (!(scope instanceof Map<?, ?> map) || !map.containsKey("project")) {
			throw invalid("Scope a project (\"scope\":{\"project\":{\"id\":...}} or by name and domain); IMS has no "
					+ "domain or system scope.");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> project = object((Map<String, Object>) map, "project");
		String id = string(project, "id");
		String name = string(project, "name");
		if (id == null && name == null) {
			throw invalid("Name the project by id, or by name with its domain (\"domain\":{\"name\":\"Default\"}).");
		}
		return new ProjectReference(id, name, id != null || isDefaultDomain(project));
	}

	/** IMS has one domain, Keystone's default: id {@code default}, name {@code Default}. */
	private static boolean isDefaultDomain(Map<String, Object> named) {
		Object domain = named.get("domain");
		if (!(domain instanceof Map<?, ?> map)) {
			return false;
		}
		Object id = map.get("id");
		Object name = map.get("name");
		return User.DEFAULT_DOMAIN.equals(id) || (id == null && name instanceof String text
				&& text.equalsIgnoreCase(User.DEFAULT_DOMAIN));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Map<String, Object> parent, String name) {
		Object value = parent.get(name);
		if (!(value instanceof Map<?, ?>)) {
			throw invalid("The request body needs the object '" + name
					+ "': {\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":...}},\"scope\":...}}.");
		}
		return (Map<String, Object>) value;
	}

	private static @Nullable String string(Map<String, Object> parent, String name) {
		Object value = parent.get(name);
		if (value != null && !(value instanceof String)) {
			throw invalid("Field '" + name + "' must be a string.");
		}
		return (String) value;
	}

	private static ImsException invalid(String message) {
		return new ImsException(Kind.INVALID, "IMS.0400", message);
	}

}
