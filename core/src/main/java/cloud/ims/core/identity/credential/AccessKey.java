package cloud.ims.core.identity.credential;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * A permanent access key of a user: its id (the AK), its sealed secret (the SK), whether it is active, and the slot
 * it takes among the user's {@value AccessKeyRing#MAX_KEYS} (the store keeps a slot to one key at a time).
 *
 * @param lastUsedAt when a request signed with it was last accepted (recorded about once a minute), null if never
 */
public record AccessKey(AccessKeyId id, String userId, String description, AccessKeyStatus status,
		Instant createdAt, @Nullable Instant lastUsedAt, int slot, SealedSecret secret, long version) {

	/** As Huawei IAM: a description of at most 255 characters. */
	public static final int MAX_DESCRIPTION = 255;

	public AccessKey {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(description, "description");
		if (slot < 0 || slot >= AccessKeyRing.MAX_KEYS) {
			throw new IllegalArgumentException("slot must be 0 to " + (AccessKeyRing.MAX_KEYS - 1));
		}
	}

	public boolean isActive() {
		return this.status == AccessKeyStatus.ACTIVE;
	}

	/**
	 * The key with the status and description given (null: unchanged); empty when nothing changes.
	 */
	public Optional<AccessKey> change(@Nullable AccessKeyStatus status, @Nullable String description) {
		AccessKeyStatus newStatus = (status != null) ? status : this.status;
		String newDescription = (description != null) ? checkedDescription(description) : this.description;
		if (newStatus == this.status && newDescription.equals(this.description)) {
			return Optional.empty();
		}
		return Optional.of(new AccessKey(this.id, this.userId, newDescription, newStatus, this.createdAt,
				this.lastUsedAt, this.slot, this.secret, this.version));
	}

	/** The secret in clear, for verifying a signature; never stored or logged. */
	public String openSecret(CredentialKey key) {
		return key.open(this.secret, associatedData(this.id, this.userId));
	}

	public AccessKey withVersion(long version) {
		return new AccessKey(this.id, this.userId, this.description, this.status, this.createdAt, this.lastUsedAt,
				this.slot, this.secret, version);
	}

	static String checkedDescription(String description) {
		if (description.length() > MAX_DESCRIPTION) {
			throw new ImsException(Kind.INVALID, "IAM.0301", "Field 'credential.description' has "
					+ description.length() + " characters; at most " + MAX_DESCRIPTION + " are allowed.");
		}
		return description;
	}

	/** What binds a sealed secret to its key and user. */
	static byte[] associatedData(AccessKeyId id, String userId) {
		return ("ims-access-key\n" + id.value() + "\n" + userId).getBytes(StandardCharsets.UTF_8);
	}

}
