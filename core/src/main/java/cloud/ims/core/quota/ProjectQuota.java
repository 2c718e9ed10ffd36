package cloud.ims.core.quota;

import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * A project's image quota and usage, in one document so that a reservation is one atomic compare-and-set:
 * two racing requests can never together exceed the quota.
 */
public record ProjectQuota(String projectId, @Nullable Integer imageLimit, int imagesUsed, long version) {

	public static ProjectQuota unused(String projectId) {
		return new ProjectQuota(projectId, null, 0, 0);
	}

	public int imageLimitOr(int defaultLimit) {
		return (this.imageLimit != null) ? this.imageLimit : defaultLimit;
	}

	/** Reserves one image, or refuses when the quota is used up. */
	public ProjectQuota reserveImage(int defaultLimit) {
		int limit = imageLimitOr(defaultLimit);
		if (this.imagesUsed >= limit) {
			throw new ImsException(Kind.QUOTA, "IMG.0429", "Project " + this.projectId + " has used its quota of "
					+ limit + " images. Delete images you no longer need, or ask an admin for a larger quota.");
		}
		return new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed + 1, this.version);
	}

	/** Releases one image; never below zero, so that a repeated release changes nothing harmful. */
	public Optional<ProjectQuota> releaseImage() {
		if (this.imagesUsed == 0) {
			return Optional.empty();
		}
		return Optional.of(new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed - 1, this.version));
	}

	public ProjectQuota withImageLimit(@Nullable Integer limit) {
		return new ProjectQuota(this.projectId, limit, this.imagesUsed, this.version);
	}

	public ProjectQuota withVersion(long version) {
		return new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed, version);
	}

}
