package cloud.ims.core.quota;

import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * A project's image quota and usage, in one document so that a reservation is one atomic compare-and-set:
 * two racing requests can never together exceed the quota.
 */
public record ProjectQuota(String projectId, @Nullable Integer imageLimit, int imagesUsed, ComputeLimits computeLimits,
		ComputeUsage computeUsed, long version) {

	public static ProjectQuota unused(String projectId) {
		return new ProjectQuota(projectId, null, 0, ComputeLimits.DEFAULTS, ComputeUsage.NONE, 0);
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
		return new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed + 1, this.computeLimits,
				this.computeUsed, this.version);
	}

	/** Releases one image; never below zero, so that a repeated release changes nothing harmful. */
	public Optional<ProjectQuota> releaseImage() {
		if (this.imagesUsed == 0) {
			return Optional.empty();
		}
		return Optional.of(new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed - 1, this.computeLimits,
				this.computeUsed, this.version));
	}

	/**
	 * Reserves the demand of new ECSs, or refuses the whole request when any limit would be exceeded: a batch is
	 * reserved entirely or not at all.
	 */
	public ProjectQuota reserveCompute(ComputeUsage demand, ComputeLimits defaults) {
		ComputeLimits limits = this.computeLimits.orElse(defaults);
		ComputeUsage after = this.computeUsed.plus(demand);
		requireWithin("instances", after.instances(), limits.instances(), demand.instances());
		requireWithin("vCPUs", after.cores(), limits.cores(), demand.cores());
		requireWithin("MB of RAM", after.ramMb(), limits.ramMb(), demand.ramMb());
		return new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed, this.computeLimits, after, this.version);
	}

	/** Releases what ECSs that failed or were deleted used. */
	public Optional<ProjectQuota> releaseCompute(ComputeUsage released) {
		ComputeUsage after = this.computeUsed.minus(released);
		if (after.equals(this.computeUsed)) {
			return Optional.empty();
		}
		return Optional.of(new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed, this.computeLimits, after,
				this.version));
	}

	/** The usage measured from what exists, or empty when the recorded usage is that already. */
	public Optional<ProjectQuota> reconciled(QuotaUsage measured) {
		if (measured.equals(usage())) {
			return Optional.empty();
		}
		return Optional.of(new ProjectQuota(this.projectId, this.imageLimit, measured.images(), this.computeLimits,
				measured.compute(), this.version));
	}

	/** What the project uses, as recorded. */
	public QuotaUsage usage() {
		return new QuotaUsage(this.imagesUsed, this.computeUsed);
	}

	public ProjectQuota withImageLimit(@Nullable Integer limit) {
		return new ProjectQuota(this.projectId, limit, this.imagesUsed, this.computeLimits, this.computeUsed,
				this.version);
	}

	public ProjectQuota withComputeLimits(ComputeLimits limits) {
		return new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed, limits, this.computeUsed, this.version);
	}

	public ProjectQuota withVersion(long version) {
		return new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed, this.computeLimits, this.computeUsed,
				version);
	}

	private void requireWithin(String resource, long after, @Nullable Number limit, long requested) {
		if (limit != null && after > limit.longValue()) {
			throw new ImsException(Kind.QUOTA, "Ecs.0429", "The request needs " + requested + " " + resource
					+ " but project " + this.projectId + " has " + Math.max(0, limit.longValue() - (after - requested))
					+ " left of its quota of " + limit + ". Request fewer or smaller ECSs, delete ECSs you no longer "
					+ "need, or ask an admin for a larger quota.");
		}
	}

}
