package cloud.ims.core.identity;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A person or program that signs in: unique by name within its domain (IMS has one, {@code default}). Only the
 * password's hash is kept, never the password.
 */
public record User(String id, String name, String domainId, String passwordHash, boolean enabled,
		@Nullable String defaultProjectId, String description, Instant createdAt, Instant passwordChangedAt) {

	/** The one domain IMS has, as Keystone names its default domain. */
	public static final String DEFAULT_DOMAIN = "default";

	public User {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(domainId, "domainId");
		Objects.requireNonNull(passwordHash, "passwordHash");
		Objects.requireNonNull(description, "description");
	}

	public User withPasswordHash(String hash, Instant changedAt) {
		return new User(this.id, this.name, this.domainId, hash, this.enabled, this.defaultProjectId, this.description,
				this.createdAt, changedAt);
	}

	public User withEnabled(boolean enabled) {
		return new User(this.id, this.name, this.domainId, this.passwordHash, enabled, this.defaultProjectId,
				this.description, this.createdAt, this.passwordChangedAt);
	}

	public User withName(String name) {
		return new User(this.id, name, this.domainId, this.passwordHash, this.enabled, this.defaultProjectId,
				this.description, this.createdAt, this.passwordChangedAt);
	}

	public User withDescription(String description) {
		return new User(this.id, this.name, this.domainId, this.passwordHash, this.enabled, this.defaultProjectId,
				description, this.createdAt, this.passwordChangedAt);
	}

	public User withDefaultProjectId(@Nullable String projectId) {
		return new User(this.id, this.name, this.domainId, this.passwordHash, this.enabled, projectId, this.description,
				this.createdAt, this.passwordChangedAt);
	}

	/** Never the hash: a user printed into a log or an exception message says nothing secret. */
	@Override
	public String toString() {
		return "User[id=" + this.id + ", name=" + this.name + ", domainId=" + this.domainId + ", enabled=" + this.enabled
				+ "]";
	}

}
