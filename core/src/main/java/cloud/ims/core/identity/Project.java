package cloud.ims.core.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant: images, ECSs, jobs and quotas belong to a project, referenced by its id (as in
 * {@code /v1/{project_id}/...}); its name is unique within its domain and resolved at sign-in.
 */
public record Project(String id, String name, String domainId, boolean enabled, String description,
		Instant createdAt) {

	public Project {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(domainId, "domainId");
		Objects.requireNonNull(description, "description");
	}

	public Project withEnabled(boolean enabled) {
		return new Project(this.id, this.name, this.domainId, enabled, this.description, this.createdAt);
	}

	public Project withName(String name) {
		return new Project(this.id, name, this.domainId, this.enabled, this.description, this.createdAt);
	}

	public Project withDescription(String description) {
		return new Project(this.id, this.name, this.domainId, this.enabled, description, this.createdAt);
	}

}
