package cloud.ims.gateway.keystone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.identity.Project;
import cloud.ims.core.identity.Projects;
import cloud.ims.core.identity.Role;
import cloud.ims.core.identity.RoleAssignments;
import cloud.ims.core.identity.SignInFailures;
import cloud.ims.core.identity.User;
import cloud.ims.core.identity.Users;
import cloud.ims.gateway.audit.AuditNotes;
import cloud.ims.gateway.keystone.PasswordAuth.ProjectReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Signing in with a password: throttled per user name and per client address, checked against the stored Argon2
 * hash, scoped to a project the user has a role in, noted on the request's audit trace whatever the outcome (the
 * user name tried, who signed in, why it failed; never the password), and answered
 * with a token of the gateway's. A wrong password and an unknown user are refused alike.
 */
final class PasswordSignIn {

	static final String AUDIT_ACTION = "sign-in";

	private final Users users;

	private final Projects projects;

	private final RoleAssignments roles;

	private final SignInFailures failures;

	private final Passwords passwords;

	private final @Nullable TokenSigner signer;

	private final RevocationList revocations;

	private final IdentitySettings.SignIn settings;

	private final Clock clock;

	PasswordSignIn(Users users, Projects projects, RoleAssignments roles, SignInFailures failures,
			Passwords passwords, @Nullable TokenSigner signer, RevocationList revocations, IdentitySettings.SignIn settings,
			Clock clock) {
		this.users = users;
		this.projects = projects;
		this.roles = roles;
		this.failures = failures;
		this.passwords = passwords;
		this.signer = signer;
		this.revocations = revocations;
		this.settings = settings;
		this.clock = clock;
	}

	/** The signed-in user, the project (none for an unscoped token) and the token. */
	record SignedIn(User user, @Nullable Project project, IssuedToken token) {
	}

	Mono<SignedIn> signIn(PasswordAuth auth, String clientAddress) {
		if (this.signer == null) {
			return Mono.error(new ImsException(Kind.UNAVAILABLE, "IAM.0206", "This gateway issues no tokens: it has no "
					+ "signing key (ims.identity.signing-key). Sign in at the identity provider that issues them."));
		}
		String userKey = auth.user().throttleKey();
		String addressKey = "address:" + clientAddress;
		Instant now = this.clock.instant();
		String tried = (auth.user().name() != null) ? auth.user().name() : auth.user().id();
		return AuditNotes.note((notes) -> notes.action(AUDIT_ACTION).userName(tried))
			.then(throttled(userKey, this.settings.maxFailuresPerUser(), now))
			.switchIfEmpty(Mono.defer(() -> throttled(addressKey, this.settings.maxFailuresPerAddress(), now)))
			.flatMap((retryAfter) -> {
				SignInsThrottled refused = new SignInsThrottled(retryAfter);
				return failure(null, "throttled, " + auth.user().describe(), refused.code())
					.then(Mono.<SignedIn>error(refused));
			})
			.switchIfEmpty(Mono.defer(() -> verify(auth, clientAddress, userKey, addressKey)));
	}

	private Mono<SignedIn> verify(PasswordAuth auth, String clientAddress, String userKey, String addressKey) {
		return findUser(auth.user())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((user) -> this.passwords.matches(auth.password(), user.map(User::passwordHash).orElse(null))
				.flatMap((matches) -> {
					if (!matches || !user.get().enabled()) {
						String reason = user.isEmpty() ? "unknown user" : !matches ? "wrong password" : "user disabled";
						return failed(userKey, addressKey, user.map(User::id).orElse(null), clientAddress,
								reason + ", " + auth.user().describe());
					}
					return scoped(user.get(), auth.project(), clientAddress, userKey);
				}));
	}

	private Mono<User> findUser(PasswordAuth.UserReference user) {
		if (user.id() != null) {
			return this.users.find(user.id());
		}
		return user.domainKnown() ? this.users.findByName(User.DEFAULT_DOMAIN, String.valueOf(user.name())) : Mono.empty();
	}

	private Mono<SignedIn> scoped(User user, @Nullable ProjectReference reference, String clientAddress,
			String userKey) {
		Mono<Optional<Project>> project = (reference != null) ? findProject(reference).map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((found) -> found.filter(Project::enabled).isPresent() ? Mono.just(found) : noAccess(user, reference, clientAddress))
				: defaultProject(user);
		return project.flatMap((scope) -> scope
			.map((found) -> this.roles.rolesOf(user.id(), found.id()).flatMap((assigned) -> assigned.isEmpty()
					? noAccess(user, reference, clientAddress) : Mono.just(assigned)))
			.orElse(Mono.just(Set.of()))
			.delayUntil((assigned) -> Mono.delay(this.revocations.delayBeforeIssuing(user.id(), this.clock.instant())))
			.flatMap((assigned) -> {
				IssuedToken token = this.signer.issue(user.id(), scope.map(Project::id).orElse(null), wireNames(assigned));
				return this.failures.clear(userKey)
					.then(AuditNotes.note((notes) -> notes.actor(user.id(), token.projectId(), wireNames(assigned))))
					.thenReturn(new SignedIn(user, scope.orElse(null), token));
			}));
	}

	private Mono<Optional<Project>> defaultProject(User user) {
		if (user.defaultProjectId() == null) {
			return Mono.just(Optional.empty());
		}
		return this.projects.find(user.defaultProjectId())
			.filter(Project::enabled)
			.filterWhen((project) -> this.roles.rolesOf(user.id(), project.id()).map((assigned) -> !assigned.isEmpty()))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
	}

	private Mono<Project> findProject(ProjectReference reference) {
		if (reference.id() != null) {
			return this.projects.find(reference.id());
		}
		return reference.domainKnown() ? this.projects.findByName(User.DEFAULT_DOMAIN, String.valueOf(reference.name()))
				: Mono.empty();
	}

	private <T> Mono<T> noAccess(User user, @Nullable ProjectReference reference, String clientAddress) {
		String project = (reference != null) ? reference.describe() : "(none)";
		return failure(user.id(), "no role in project " + project, "IAM.0202")
			.then(Mono.error(new ImsException(Kind.UNAUTHENTICATED, "IAM.0202", "The user has no role in project "
					+ project + ", or it does not exist or is disabled. Scope a project you were given a role in "
					+ "(GET /v3/auth/projects lists them).")));
	}

	private Mono<SignedIn> failed(String userKey, String addressKey, @Nullable String userId, String clientAddress,
			String detail) {
		Instant now = this.clock.instant();
		Duration window = this.settings.failureWindow();
		return this.failures.recordFailure(userKey, now, window)
			.then(this.failures.recordFailure(addressKey, now, window))
			.then(failure(userId, detail, "IAM.0201"))
			.then(Mono.error(new ImsException(Kind.UNAUTHENTICATED, "IAM.0201",
					"The user name (or id) or the password is wrong. Check both; repeated failures are throttled.")));
	}

	/** The time to wait when the key has used up its failures, empty when it may try. */
	private Mono<Duration> throttled(String key, int maxFailures, Instant now) {
		return this.failures.current(key, now)
			.flatMap((window) -> window.filter((open) -> open.failures() >= maxFailures)
				.map((open) -> Mono.just(Duration.between(now, open.endsAt())))
				.orElse(Mono.empty()));
	}

	/** Notes a refused sign-in: the user it named, if one exists, and why (never the password). */
	private static Mono<Void> failure(@Nullable String userId, String detail, String code) {
		return AuditNotes.note((notes) -> notes.actor(userId, null, List.of()).detail(detail).errorCode(code));
	}

	static List<String> wireNames(Set<Role> roles) {
		return roles.stream().sorted(Comparator.naturalOrder()).map(Role::wireName).toList();
	}

}
