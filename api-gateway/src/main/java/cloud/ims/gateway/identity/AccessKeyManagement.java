package cloud.ims.gateway.identity;

import java.security.SecureRandom;
import java.time.Clock;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.identity.Users;
import cloud.ims.core.identity.credential.AccessKey;
import cloud.ims.core.identity.credential.AccessKeyId;
import cloud.ims.core.identity.credential.AccessKeyLimitReached;
import cloud.ims.core.identity.credential.AccessKeyNotFound;
import cloud.ims.core.identity.credential.AccessKeyStatus;
import cloud.ims.core.identity.credential.AccessKeys;
import cloud.ims.core.identity.credential.IssuedAccessKey;
import cloud.ims.gateway.audit.AuditNotes;
import cloud.ims.gateway.security.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Users manage their own access keys, admins anyone's: create (the secret is shown this once), list, show, change
 * status or description, delete. Keys of another user are invisible to a member (404), and a member naming another
 * user is refused (403). Creations and deletions, refused or done, are named on the request's audit trace with the
 * key's id and owner, never with a secret.
 */
class AccessKeyManagement {

	static final String CREATE = "access-key-create";

	static final String DELETE = "access-key-delete";

	private final AccessKeys keys;

	private final Users users;

	private final AccessKeyVault vault;

	private final AccessKeyAuthenticator authenticator;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	AccessKeyManagement(AccessKeys keys, Users users, AccessKeyVault vault, AccessKeyAuthenticator authenticator,
			Clock clock) {
		this.keys = keys;
		this.users = users;
		this.vault = vault;
		this.authenticator = authenticator;
		this.clock = clock;
	}

	Mono<IssuedAccessKey> create(Caller caller, @Nullable String userId, String description,
			@Nullable String clientAddress) {
		String owner = (userId != null) ? userId : caller.userId();
		requireOwnerOrAdmin(caller, owner);
		return Mono.defer(() -> {
			var credentialKey = this.vault.require();
			return this.users.find(owner)
				.switchIfEmpty(Mono.error(() -> new ImsException(Kind.NOT_FOUND, "IAM.0304", "User " + owner
						+ " does not exist. Check the user_id (GET /v3/users lists users, for admins).")))
				.flatMap((user) -> this.keys.issue(owner,
						(ring) -> ring.issue(description, this.clock.instant(), credentialKey, this.random)))
				.flatMap((issued) -> note(CREATE, owner, issued.key().id().value()).thenReturn(issued))
				.onErrorResume(AccessKeyLimitReached.class, (refused) -> note(CREATE, owner, refused.code())
					.then(Mono.error(refused)));
		});
	}

	/** The user's keys (the caller's own without {@code userId}; every key for an admin who names nobody). */
	Flux<AccessKey> list(Caller caller, @Nullable String userId) {
		if (userId == null) {
			return caller.isAdmin() ? this.keys.all() : this.keys.ofUser(caller.userId());
		}
		requireOwnerOrAdmin(caller, userId);
		return this.keys.ofUser(userId);
	}

	Mono<AccessKey> show(Caller caller, String accessKey) {
		return visible(caller, accessKey);
	}

	Mono<AccessKey> change(Caller caller, String accessKey, @Nullable AccessKeyStatus status,
			@Nullable String description) {
		return visible(caller, accessKey)
			.flatMap((found) -> this.keys.update(found.id(), (key) -> key.change(status, description)))
			.switchIfEmpty(Mono.error(() -> new AccessKeyNotFound(accessKey)))
			.doOnNext((changed) -> this.authenticator.forget(changed.id()));
	}

	Mono<Void> delete(Caller caller, String accessKey, @Nullable String clientAddress) {
		return visible(caller, accessKey).flatMap((found) -> this.keys.delete(found.id()).flatMap((deleted) -> {
			this.authenticator.forget(found.id());
			if (!deleted) {
				return Mono.error(new AccessKeyNotFound(accessKey));
			}
			return note(DELETE, found.userId(), found.id().value());
		}));
	}

	private Mono<AccessKey> visible(Caller caller, String accessKey) {
		if (!AccessKeyId.isWellFormed(accessKey)) {
			return Mono.error(new AccessKeyNotFound(accessKey));
		}
		return this.keys.find(new AccessKeyId(accessKey))
			.filter((key) -> caller.isAdmin() || key.userId().equals(caller.userId()))
			.switchIfEmpty(Mono.error(() -> new AccessKeyNotFound(accessKey)));
	}

	private static void requireOwnerOrAdmin(Caller caller, String userId) {
		if (!caller.isAdmin() && !caller.userId().equals(userId)) {
			throw new ImsException(Kind.FORBIDDEN, "IAM.0305", "You may manage only your own access keys (user "
					+ caller.userId() + "), not those of user " + userId + ". Leave user_id out, or ask an admin.");
		}
	}

	private static Mono<Void> note(String action, String owner, String detail) {
		return AuditNotes.note((notes) -> notes.action(action).detail(detail + " of user " + owner));
	}

}
