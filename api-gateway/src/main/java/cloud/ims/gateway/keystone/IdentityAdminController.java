package cloud.ims.gateway.keystone;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.identity.Projects;
import cloud.ims.core.identity.Role;
import cloud.ims.core.identity.RoleAssignments;
import cloud.ims.core.identity.Users;
import cloud.ims.gateway.keystone.IdentityAdministration.NewUser;
import cloud.ims.gateway.keystone.IdentityAdministration.UserChanges;
import cloud.ims.gateway.security.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keystone's admin API of users, projects, roles and role assignments, in Keystone's shapes; every call needs the
 * {@code admin} role, except reading oneself and one's own project, which Keystone's default policy allows too.
 */
@RestController
class IdentityAdminController {

	private final IdentityAdministration administration;

	private final Users users;

	private final Projects projects;

	private final RoleAssignments roles;

	private final ServiceCatalog catalog;

	IdentityAdminController(IdentityAdministration administration, Users users, Projects projects,
			RoleAssignments roles, ServiceCatalog catalog) {
		this.administration = administration;
		this.users = users;
		this.projects = projects;
		this.roles = roles;
		this.catalog = catalog;
	}

	@GetMapping("/v3/users")
	Mono<Map<String, Object>> listUsers(Caller caller, @RequestParam(required = false) Optional<String> name,
			ServerWebExchange exchange) {
		requireAdmin(caller);
		String base = base(exchange);
		return this.users.list(name)
			.map((user) -> KeystoneViews.user(user, base))
			.collectList()
			.map((list) -> Map.of("users", list, "links", KeystoneViews.collectionLinks(base + "/v3/users")));
	}

	@PostMapping("/v3/users")
	Mono<ResponseEntity<Map<String, Object>>> createUser(Caller caller, @RequestBody Map<String, Object> body,
			ServerWebExchange exchange) {
		requireAdmin(caller);
		Map<String, Object> user = object(body, "user");
		String password = string(user, "password").orElseThrow(() -> invalid("Field 'user.password' is missing."));
		NewUser newUser = new NewUser(string(user, "name").orElseThrow(() -> invalid("Field 'user.name' is missing.")),
				password, bool(user, "enabled").orElse(true), string(user, "default_project_id").orElse(null),
				string(user, "description").orElse(""));
		requireDefaultDomain(user);
		return this.administration.createUser(newUser)
			.map((created) -> ResponseEntity.status(HttpStatus.CREATED)
				.body(Map.of("user", KeystoneViews.user(created, base(exchange)))));
	}

	/** As Keystone's {@code identity:get_user} (admin or owner): a user also reads itself. */
	@GetMapping("/v3/users/{userId}")
	Mono<Map<String, Object>> showUser(Caller caller, @PathVariable String userId, ServerWebExchange exchange) {
		if (!caller.userId().equals(userId)) {
			requireAdmin(caller);
		}
		return this.administration.user(userId).map((user) -> Map.of("user", KeystoneViews.user(user, base(exchange))));
	}

	@PatchMapping("/v3/users/{userId}")
	Mono<Map<String, Object>> updateUser(Caller caller, @PathVariable String userId,
			@RequestBody Map<String, Object> body, ServerWebExchange exchange) {
		requireAdmin(caller);
		Map<String, Object> user = object(body, "user");
		UserChanges changes = new UserChanges(string(user, "name"), string(user, "password"), bool(user, "enabled"),
				string(user, "description"), string(user, "default_project_id"));
		return this.administration.updateUser(userId, changes)
			.map((updated) -> Map.of("user", KeystoneViews.user(updated, base(exchange))));
	}

	@DeleteMapping("/v3/users/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> deleteUser(Caller caller, @PathVariable String userId) {
		requireAdmin(caller);
		return this.administration.deleteUser(userId);
	}

	@GetMapping("/v3/projects")
	Mono<Map<String, Object>> listProjects(Caller caller, @RequestParam(required = false) Optional<String> name,
			ServerWebExchange exchange) {
		requireAdmin(caller);
		String base = base(exchange);
		return this.projects.list(name)
			.map((project) -> KeystoneViews.project(project, base))
			.collectList()
			.map((list) -> Map.of("projects", list, "links", KeystoneViews.collectionLinks(base + "/v3/projects")));
	}

	/** Keystone chooses project ids; IMS also takes one ({@code project.id}, ext), as the CLI creates projects. */
	@PostMapping("/v3/projects")
	Mono<ResponseEntity<Map<String, Object>>> createProject(Caller caller, @RequestBody Map<String, Object> body,
			ServerWebExchange exchange) {
		requireAdmin(caller);
		Map<String, Object> project = object(body, "project");
		requireDefaultDomain(project);
		return this.administration
			.createProject(string(project, "id").orElse(null),
					string(project, "name").orElseThrow(() -> invalid("Field 'project.name' is missing.")),
					bool(project, "enabled").orElse(true), string(project, "description").orElse(""))
			.map((created) -> ResponseEntity.status(HttpStatus.CREATED)
				.body(Map.of("project", KeystoneViews.project(created, base(exchange)))));
	}

	/** As Keystone's {@code identity:get_project}: a member also reads the project its token is scoped to. */
	@GetMapping("/v3/projects/{projectId}")
	Mono<Map<String, Object>> showProject(Caller caller, @PathVariable String projectId, ServerWebExchange exchange) {
		if (!caller.projectId().equals(projectId)) {
			requireAdmin(caller);
		}
		return this.administration.project(projectId)
			.map((project) -> Map.of("project", KeystoneViews.project(project, base(exchange))));
	}

	@PatchMapping("/v3/projects/{projectId}")
	Mono<Map<String, Object>> updateProject(Caller caller, @PathVariable String projectId,
			@RequestBody Map<String, Object> body, ServerWebExchange exchange) {
		requireAdmin(caller);
		Map<String, Object> changes = object(body, "project");
		Optional<String> name = string(changes, "name");
		Optional<String> description = string(changes, "description");
		Optional<Boolean> enabled = bool(changes, "enabled");
		return this.administration.updateProject(projectId, (project) -> {
			var changed = name.map(project::withName).orElse(project);
			changed = description.map(changed::withDescription).orElse(changed);
			return enabled.map(changed::withEnabled).orElse(changed);
		}).map((project) -> Map.of("project", KeystoneViews.project(project, base(exchange))));
	}

	@DeleteMapping("/v3/projects/{projectId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> deleteProject(Caller caller, @PathVariable String projectId) {
		requireAdmin(caller);
		return this.administration.deleteProject(projectId);
	}

	@GetMapping("/v3/roles")
	Map<String, Object> listRoles(Caller caller, @RequestParam(required = false) Optional<String> name,
			ServerWebExchange exchange) {
		requireAdmin(caller);
		String base = base(exchange);
		List<Map<String, Object>> list = Arrays.stream(Role.values())
			.filter((role) -> name.map(role.wireName()::equals).orElse(true))
			.map((role) -> KeystoneViews.role(role, base))
			.toList();
		return Map.of("roles", list, "links", KeystoneViews.collectionLinks(base + "/v3/roles"));
	}

	@GetMapping("/v3/roles/{roleId}")
	Map<String, Object> showRole(Caller caller, @PathVariable String roleId, ServerWebExchange exchange) {
		requireAdmin(caller);
		return Map.of("role", KeystoneViews.role(IdentityAdministration.role(roleId), base(exchange)));
	}

	@GetMapping("/v3/projects/{projectId}/users/{userId}/roles")
	Mono<Map<String, Object>> rolesInProject(Caller caller, @PathVariable String projectId, @PathVariable String userId,
			ServerWebExchange exchange) {
		requireAdmin(caller);
		String base = base(exchange);
		return this.administration.project(projectId)
			.then(this.administration.user(userId))
			.then(this.roles.rolesOf(userId, projectId))
			.map((assigned) -> Map.of("roles",
					assigned.stream().sorted().map((role) -> KeystoneViews.role(role, base)).toList(), "links",
					KeystoneViews.collectionLinks(base + "/v3/projects/" + projectId + "/users/" + userId + "/roles")));
	}

	@PutMapping("/v3/projects/{projectId}/users/{userId}/roles/{roleId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> grant(Caller caller, @PathVariable String projectId, @PathVariable String userId,
			@PathVariable String roleId) {
		requireAdmin(caller);
		return this.administration.grant(projectId, userId, roleId);
	}

	@RequestMapping(path = "/v3/projects/{projectId}/users/{userId}/roles/{roleId}", method = RequestMethod.HEAD)
	Mono<ResponseEntity<Void>> hasRole(Caller caller, @PathVariable String projectId, @PathVariable String userId,
			@PathVariable String roleId) {
		requireAdmin(caller);
		return this.administration.hasRole(projectId, userId, roleId)
			.map((has) -> has ? ResponseEntity.noContent().<Void>build() : ResponseEntity.notFound().<Void>build());
	}

	@DeleteMapping("/v3/projects/{projectId}/users/{userId}/roles/{roleId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> revoke(Caller caller, @PathVariable String projectId, @PathVariable String userId,
			@PathVariable String roleId) {
		requireAdmin(caller);
		return this.administration.revoke(projectId, userId, roleId);
	}

	/** Filters as Keystone's: {@code user.id}, {@code scope.project.id}, {@code role.id}. */
	@GetMapping("/v3/role_assignments")
	Mono<Map<String, Object>> assignments(Caller caller, @RequestParam MultiValueMap<String, String> parameters,
			ServerWebExchange exchange) {
		requireAdmin(caller);
		String base = base(exchange);
		String userId = parameters.getFirst("user.id");
		String projectId = parameters.getFirst("scope.project.id");
		String roleId = parameters.getFirst("role.id");
		Flux<cloud.ims.core.identity.RoleAssignment> all = (userId != null) ? this.roles.ofUser(userId)
				: (projectId != null) ? this.roles.inProject(projectId) : this.roles.all();
		return all.filter((assignment) -> projectId == null || assignment.projectId().equals(projectId))
			.filter((assignment) -> roleId == null || assignment.role().wireName().equals(roleId))
			.map((assignment) -> KeystoneViews.assignment(assignment, base))
			.collectList()
			.map((list) -> Map.of("role_assignments", list, "links",
					KeystoneViews.collectionLinks(base + "/v3/role_assignments")));
	}

	private String base(ServerWebExchange exchange) {
		return this.catalog.baseUrl(exchange.getRequest());
	}

	static void requireAdmin(Caller caller) {
		if (!caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "IAM.0212",
					"Managing users, projects and roles needs the admin role. Ask an administrator.");
		}
	}

	private static void requireDefaultDomain(Map<String, Object> resource) {
		Optional<String> domain = string(resource, "domain_id");
		if (domain.isPresent() && !domain.get().equals(cloud.ims.core.identity.User.DEFAULT_DOMAIN)) {
			throw invalid("IMS has one domain, 'default'; field 'domain_id' names " + domain.get() + ".");
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Map<String, Object> body, String name) {
		Object value = body.get(name);
		if (!(value instanceof Map<?, ?>)) {
			throw invalid("The request body needs the object '" + name + "'.");
		}
		return new LinkedHashMap<>((Map<String, Object>) value);
	}

	private static Optional<String> string(Map<String, Object> object, String name) {
		@Nullable Object value = object.get(name);
		if (value != null && !(value instanceof String)) {
			throw invalid("Field '" + name + "' must be a string.");
		}
		return Optional.ofNullable((String) value);
	}

	private static Optional<Boolean> bool(Map<String, Object> object, String name) {
		@Nullable Object value = object.get(name);
		if (value != null && !(value instanceof Boolean)) {
			throw invalid("Field '" + name + "' must be true or false.");
		}
		return Optional.ofNullable((Boolean) value);
	}

	private static ImsException invalid(String message) {
		return new ImsException(Kind.INVALID, "IMS.0400", message);
	}

}
