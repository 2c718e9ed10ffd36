package cloud.ims.gateway.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.identity.Role;
import cloud.ims.core.identity.RoleAssignments;
import cloud.ims.core.identity.UserDirectory;
import cloud.ims.core.identity.credential.AccessKey;
import cloud.ims.core.identity.credential.AccessKeyId;
import cloud.ims.core.identity.credential.AccessKeys;
import cloud.ims.gateway.identity.Verification.Refused;
import cloud.ims.gateway.identity.Verification.Verified;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Authenticates requests signed with an access key: finds the key (its secret opened once and kept for
 * {@code ims.identity.access-keys.cache-ttl}), has {@link SignedRequestVerifier} check the signature, and makes the
 * key's user the caller in the project the request names, with the user's roles there. The key, the user's state and
 * roles are kept in memory for the same short time, so that a signed request costs a hash and an HMAC, not three
 * database reads; a change made through this gateway takes effect here at once.
 */
public final class AccessKeyAuthenticator {

	static final String NO_PROJECT = "IAM.0108";

	static final String NO_ROLE = "IAM.0109";

	static final String USER_DISABLED = "IAM.0110";

	static final String BODY_TOO_LARGE = "IAM.0111";

	private static final Logger log = LoggerFactory.getLogger(AccessKeyAuthenticator.class);

	/** How often a key's last use is written, at most: often enough to tell a used key from a forgotten one. */
	private static final Duration USE_RECORDING = Duration.ofMinutes(1);

	private static final long MAX_CACHED = 100_000;

	private final AccessKeys accessKeys;

	private final AccessKeyVault vault;

	private final UserDirectory users;

	private final RoleAssignments roles;

	private final SignedRequestVerifier verifier;

	private final AccessKeySettings settings;

	private final Clock clock;

	private final Cache<String, Optional<LoadedKey>> keys;

	private final Cache<String, Access> access;

	AccessKeyAuthenticator(AccessKeys accessKeys, AccessKeyVault vault, UserDirectory users, RoleAssignments roles,
			SignedRequestVerifier verifier, AccessKeySettings settings, Clock clock) {
		this.accessKeys = accessKeys;
		this.vault = vault;
		this.users = users;
		this.roles = roles;
		this.verifier = verifier;
		this.settings = settings;
		this.clock = clock;
		this.keys = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(MAX_CACHED).build();
		this.access = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(MAX_CACHED).build();
	}

	/**
	 * The filter that authenticates requests carrying {@code Authorization: SDK-HMAC-SHA256 ...}, for the API's
	 * security filter chain (deliberately not a bean: WebFlux would also run a WebFilter bean outside the chain).
	 */
	public WebFilter webFilter() {
		return new SignedRequestFilter(this, this.settings.maxSignedBody());
	}

	/**
	 * The caller of a verified request, or an {@link ImsException} that says why there is none: 401 with the
	 * verifier's code, 401 {@code IAM.0108} without a project, 401 {@code IAM.0110} for a disabled or deleted user,
	 * 403 {@code IAM.0109} without a role in the project.
	 */
	Mono<AccessKeyAuthentication> authenticate(SignedRequest request, String accessKey, @Nullable String projectId) {
		return load(accessKey).flatMap((loaded) -> {
			Verification verification = this.verifier.verify(request,
					(access) -> loaded.map((found) -> found.secret));
			if (verification instanceof Refused refused) {
				return Mono.error(refused.toException());
			}
			LoadedKey key = loaded.orElseThrow();
			String userId = key.key.userId();
			if (projectId == null || projectId.isBlank()) {
				return Mono.error(new ImsException(Kind.UNAUTHENTICATED, NO_PROJECT, "The request names no project. "
						+ "Send the project id in X-Project-Id and sign it (the SDK does so for "
						+ "BasicCredentials().withProjectId(...))."));
			}
			return accessOf(userId, projectId).map((granted) -> {
				if (!granted.enabled()) {
					throw new ImsException(Kind.UNAUTHENTICATED, USER_DISABLED, "The user of access key "
							+ ((Verified) verification).accessKey() + " is disabled or no longer exists. Ask an admin "
							+ "to enable the user, or sign with another user's key.");
				}
				if (granted.roles().isEmpty()) {
					throw new ImsException(Kind.FORBIDDEN, NO_ROLE, "User " + userId + " has no role in project "
							+ projectId + ". Ask an admin for a role there (PUT /v3/projects/" + projectId + "/users/"
							+ userId + "/roles/{role_id}), or send another X-Project-Id.");
				}
				noteUse(key);
				return new AccessKeyAuthentication(accessKey, userId, projectId, granted.roles());
			});
		});
	}

	/** Drops what this gateway keeps of the key, after it was changed or deleted here. */
	void forget(AccessKeyId id) {
		this.keys.invalidate(id.value());
	}

	private Mono<Optional<LoadedKey>> load(String accessKey) {
		Optional<LoadedKey> cached = this.keys.getIfPresent(accessKey);
		if (cached != null) {
			return Mono.just(cached);
		}
		if (!AccessKeyId.isWellFormed(accessKey)) {
			return Mono.just(Optional.empty());
		}
		return Mono.defer(() -> {
			this.vault.require();
			return this.accessKeys.find(new AccessKeyId(accessKey));
		})
			.map((key) -> Optional.of(new LoadedKey(key, key.isActive()
					? AccessKeySecret.active(key.openSecret(this.vault.require()))
					: AccessKeySecret.inactive(key.openSecret(this.vault.require())))))
			.defaultIfEmpty(Optional.empty())
			.doOnNext((loaded) -> this.keys.put(accessKey, loaded));
	}

	private Mono<Access> accessOf(String userId, String projectId) {
		String cacheKey = userId + "\n" + projectId;
		Access cached = this.access.getIfPresent(cacheKey);
		if (cached != null) {
			return Mono.just(cached);
		}
		return Mono.zip(this.users.isEnabled(userId).defaultIfEmpty(false),
				this.roles.rolesOf(userId, projectId).defaultIfEmpty(Set.of()))
			.map((found) -> new Access(found.getT1(),
					found.getT2().stream().map(Role::wireName).collect(Collectors.toUnmodifiableSet())))
			.doOnNext((found) -> this.access.put(cacheKey, found));
	}

	/** Records the key's use about once a minute, without holding the request up; a failure only loses the note. */
	private void noteUse(LoadedKey key) {
		Instant now = this.clock.instant();
		Instant last = key.lastUse.get();
		if ((last != null && last.plus(USE_RECORDING).isAfter(now)) || !key.lastUse.compareAndSet(last, now)) {
			return;
		}
		this.accessKeys.recordUse(key.key.id(), now)
			.subscribe(null, (failure) -> log.debug("Could not record the use of access key {}: {}", key.key.id(),
					failure.toString()));
	}

	/** A key with its secret opened and when this gateway last recorded its use. */
	private static final class LoadedKey {

		final AccessKey key;

		final AccessKeySecret secret;

		final AtomicReference<@Nullable Instant> lastUse;

		LoadedKey(AccessKey key, AccessKeySecret secret) {
			this.key = key;
			this.secret = secret;
			this.lastUse = new AtomicReference<>(key.lastUsedAt());
		}

	}

	/** Whether the user may sign in at all, and its roles in one project. */
	private record Access(boolean enabled, Set<String> roles) {
	}

}
