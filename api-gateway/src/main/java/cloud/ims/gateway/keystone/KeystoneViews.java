package cloud.ims.gateway.keystone;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.identity.Project;
import cloud.ims.core.identity.Role;
import cloud.ims.core.identity.RoleAssignment;
import cloud.ims.core.identity.User;
import org.jspecify.annotations.Nullable;

/**
 * Keystone v3's JSON shapes of tokens, users, projects, roles and role assignments, with the {@code links} its
 * clients follow.
 */
final class KeystoneViews {

	/** Keystone's time format: microseconds, UTC. */
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	static final Map<String, Object> DEFAULT_DOMAIN = Map.of("id", User.DEFAULT_DOMAIN, "name", "Default");

	private KeystoneViews() {
	}

	static String time(Instant instant) {
		return TIME.format(instant);
	}

	/**
	 * The token body; the user and project are those stored, or only their ids for a token naming ones that are not
	 * (tokens of {@code ./ims token}, or of an external issuer).
	 */
	static Map<String, Object> token(TokenFacts token, @Nullable User user, @Nullable Project project,
			List<Map<String, Object>> catalog) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("methods", List.of("password"));
		Map<String, Object> userView = new LinkedHashMap<>();
		userView.put("id", token.userId());
		userView.put("name", (user != null) ? user.name() : token.userId());
		userView.put("domain", DEFAULT_DOMAIN);
		userView.put("password_expires_at", null);
		body.put("user", userView);
		body.put("audit_ids", List.of(token.auditId()));
		body.put("expires_at", time(token.expiresAt()));
		body.put("issued_at", time(token.issuedAt()));
		if (token.projectId() != null) {
			Map<String, Object> projectView = new LinkedHashMap<>();
			projectView.put("id", token.projectId());
			projectView.put("name", (project != null) ? project.name() : token.projectId());
			projectView.put("domain", DEFAULT_DOMAIN);
			body.put("project", projectView);
			body.put("is_domain", false);
			body.put("roles", token.roles().stream().map((role) -> Map.of("id", role, "name", role)).toList());
			body.put("catalog", catalog);
		}
		return Map.of("token", body);
	}

	static Map<String, Object> user(User user, String baseUrl) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", user.id());
		view.put("name", user.name());
		view.put("domain_id", user.domainId());
		view.put("enabled", user.enabled());
		if (user.defaultProjectId() != null) {
			view.put("default_project_id", user.defaultProjectId());
		}
		view.put("description", user.description());
		view.put("password_expires_at", null);
		view.put("options", Map.of());
		view.put("links", Map.of("self", baseUrl + "/v3/users/" + user.id()));
		return view;
	}

	static Map<String, Object> project(Project project, String baseUrl) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", project.id());
		view.put("name", project.name());
		view.put("domain_id", project.domainId());
		view.put("enabled", project.enabled());
		view.put("description", project.description());
		view.put("is_domain", false);
		view.put("parent_id", project.domainId());
		view.put("tags", List.of());
		view.put("options", Map.of());
		view.put("links", Map.of("self", baseUrl + "/v3/projects/" + project.id()));
		return view;
	}

	static Map<String, Object> role(Role role, String baseUrl) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", role.wireName());
		view.put("name", role.wireName());
		view.put("domain_id", null);
		view.put("description", (role == Role.ADMIN) ? "Manages identities and public images, sees every project"
				: "Works with the images and ECSs of the project");
		view.put("options", Map.of());
		view.put("links", Map.of("self", baseUrl + "/v3/roles/" + role.wireName()));
		return view;
	}

	static Map<String, Object> assignment(RoleAssignment assignment, String baseUrl) {
		return Map.of("role", Map.of("id", assignment.role().wireName()), "scope",
				Map.of("project", Map.of("id", assignment.projectId())), "user", Map.of("id", assignment.userId()),
				"links", Map.of("assignment", baseUrl + "/v3/projects/" + assignment.projectId() + "/users/"
						+ assignment.userId() + "/roles/" + assignment.role().wireName()));
	}

	static Map<String, Object> collectionLinks(String self) {
		Map<String, Object> links = new LinkedHashMap<>();
		links.put("self", self);
		links.put("previous", null);
		links.put("next", null);
		return links;
	}

	/** What the token body is made of, from a token just issued or one just validated. */
	record TokenFacts(String userId, @Nullable String projectId, List<String> roles, String auditId,
			Instant issuedAt, Instant expiresAt) {

		static TokenFacts of(IssuedToken token) {
			return new TokenFacts(token.userId(), token.projectId(), token.roles(), token.id(), token.issuedAt(),
					token.expiresAt());
		}

	}

}
