package cloud.ims.gateway.keystone;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.identity.Project;
import cloud.ims.core.identity.Projects;
import cloud.ims.core.identity.Revocation;
import cloud.ims.core.identity.Role;
import cloud.ims.core.identity.RoleAssignment;
import cloud.ims.core.identity.RoleAssignments;
import cloud.ims.core.identity.User;
import cloud.ims.core.identity.Users;
import cloud.ims.core.identity.credential.AccessKeys;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Managing users, projects and role assignments. Whatever takes access away (disabling or deleting a user, a new
 * password, a revoked role) also revokes the user's tokens issued until then, on every replica; deleting a user
 * deletes its access keys too.
 */
final class IdentityAdministration {

	private final Users users;

	private final Projects projects;

	private final RoleAssignments roles;

	private final Passwords passwords;

	private final RevocationList revocations;

	private final AccessKeys accessKeys;

	private final IdentitySettings settings;

	private final Clock clock;

	IdentityAdministration(Users users, Projects projects, RoleAssignments roles, Passwords passwords,
			RevocationList revocations, AccessKeys accessKeys, IdentitySettings settings, Clock clock) {
		this.users = users;
		this.projects = projects;
		this.roles = roles;
		this.passwords = passwords;
		this.revocations = revocations;
		this.accessKeys = accessKeys;
		this.settings = settings;
		this.clock = clock;
	}

	/** What a new user is made of; the password is hashed before anything is stored. */
	record NewUser(String name, String password, boolean enabled, @Nullable String defaultProjectId,
			String description) {

		@Override
		public String toString() {
			return "NewUser[name=" + this.name + "]";
		}

	}

	/** Changes to a user; absent fields stay as they are. */
	record UserChanges(Optional<String> name, Optional<String> password, Optional<Boolean> enabled,
			Optional<String> description, Optional<String> defaultProjectId) {

		@Override
		public String toString() {
			return "UserChanges[name=" + this.name + ", enabled=" + this.enabled + "]";
		}

	}

	Mono<User> createUser(NewUser user) {
		requireName(user.name(), "user.name");
		Instant now = this.clock.instant();
		return this.passwords.hash(user.password())
			.flatMap((hash) -> this.users.create(new User(UUID.randomUUID().toString().replace("-", ""), user.name(),
					User.DEFAULT_DOMAIN, hash, user.enabled(), user.defaultProjectId(), user.description(), now, now)));
	}

	Mono<User> user(String userId) {
		return this.users.find(userId).switchIfEmpty(Mono.error(() -> userNotFound(userId)));
	}

	Mono<User> updateUser(String userId, UserChanges changes) {
		changes.name().ifPresent((name) -> requireName(name, "user.name"));
		Mono<Optional<String>> hash = changes.password().map((password) -> this.passwords.hash(password).map(Optional::of))
			.orElse(Mono.just(Optional.empty()));
		return hash.flatMap((newHash) -> this.users.update(userId, (user) -> {
			User changed = apply(changes, user);
			return newHash.map((value) -> changed.withPasswordHash(value, this.clock.instant())).orElse(changed);
		}))
			.switchIfEmpty(Mono.error(() -> userNotFound(userId)))
			.flatMap((user) -> (changes.password().isPresent() || changes.enabled().filter((enabled) -> !enabled).isPresent())
					? revokeTokensOf(user.id()).thenReturn(user) : Mono.just(user));
	}

	private static User apply(UserChanges changes, User user) {
		User changed = user;
		changed = changes.name().map(changed::withName).orElse(changed);
		changed = changes.enabled().map(changed::withEnabled).orElse(changed);
		changed = changes.description().map(changed::withDescription).orElse(changed);
		return changes.defaultProjectId().map(changed::withDefaultProjectId).orElse(changed);
	}

	Mono<Void> deleteUser(String userId) {
		return user(userId).flatMap((user) -> this.roles.revokeAllOfUser(userId)
			.then(revokeTokensOf(userId))
			.thenMany(this.accessKeys.ofUser(userId))
			.concatMap((key) -> this.accessKeys.delete(key.id()))
			.then(this.users.delete(userId)))
			.then();
	}

	Mono<Project> createProject(@Nullable String id, String name, boolean enabled, String description) {
		requireName(name, "project.name");
		if (id != null) {
			requireName(id, "project.id");
		}
		return this.projects.create(new Project((id != null) ? id : UUID.randomUUID().toString().replace("-", ""), name,
				User.DEFAULT_DOMAIN, enabled, description, this.clock.instant()));
	}

	Mono<Project> project(String projectId) {
		return this.projects.find(projectId).switchIfEmpty(Mono.error(() -> projectNotFound(projectId)));
	}

	Mono<Project> updateProject(String projectId, Function<Project, Project> change) {
		return this.projects.update(projectId, change).switchIfEmpty(Mono.error(() -> projectNotFound(projectId)));
	}

	Mono<Void> deleteProject(String projectId) {
		return project(projectId).flatMap((project) -> this.roles.inProject(projectId)
			.concatMap((assignment) -> revokeTokensOf(assignment.userId()))
			.then(this.roles.revokeAllInProject(projectId))
			.then(this.projects.delete(projectId)))
			.then();
	}

	Mono<Void> grant(String projectId, String userId, String roleId) {
		Role role = role(roleId);
		return project(projectId).then(user(userId))
			.then(this.roles.grant(new RoleAssignment(userId, projectId, role)));
	}

	Mono<Boolean> hasRole(String projectId, String userId, String roleId) {
		Role role = role(roleId);
		return project(projectId).then(user(userId)).then(this.roles.exists(new RoleAssignment(userId, projectId, role)));
	}

	Mono<Void> revoke(String projectId, String userId, String roleId) {
		Role role = role(roleId);
		return this.roles.revoke(new RoleAssignment(userId, projectId, role)).flatMap((revoked) -> revoked
				? revokeTokensOf(userId)
				: Mono.error(new ImsException(Kind.NOT_FOUND, "IAM.0208", "User " + userId + " has no role " + roleId
						+ " in project " + projectId + ". GET /v3/role_assignments lists the assignments.")));
	}

	static Role role(String roleId) {
		return Role.fromWireName(roleId)
			.orElseThrow(() -> new ImsException(Kind.NOT_FOUND, "IAM.0208",
					"Role " + roleId + " does not exist. IMS has the roles admin and member (GET /v3/roles)."));
	}

	private Mono<Void> revokeTokensOf(String userId) {
		Instant now = this.clock.instant();
		return this.revocations.revoke(Revocation.ofUser(userId, now, now.plus(this.settings.tokenLifetime())));
	}

	static ImsException userNotFound(String userId) {
		return new ImsException(Kind.NOT_FOUND, "IAM.0204",
				"User " + userId + " does not exist. GET /v3/users lists the users.");
	}

	static ImsException projectNotFound(String projectId) {
		return new ImsException(Kind.NOT_FOUND, "IAM.0207",
				"Project " + projectId + " does not exist. GET /v3/projects lists the projects.");
	}

	private static void requireName(String name, String field) {
		if (name.isBlank() || name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
			throw new ImsException(Kind.INVALID, "IMS.0400",
					"Field '" + field + "' must have 1 to 255 characters, none of them control characters.");
		}
	}

}
