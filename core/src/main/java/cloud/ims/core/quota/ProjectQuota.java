package cloud.ims.core.quota;

import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * A project's image quota and usage, in one document so that a reservation is one atomic compare-and-set:
 * two racing requests can never together exceed the quota. Image data is counted in bytes beside the image count
 * (ADR 38): reserved before bytes are written, settled to what was stored, released once when the image goes.
 */
public record ProjectQuota(String projectId, @Nullable Integer imageLimit, int imagesUsed, ComputeLimits computeLimits,
		ComputeUsage computeUsed, @Nullable Long imageBytesLimit, long imageBytesUsed, long version) {

	/** The error code of a refusal for lack of image bytes. */
	public static final String BYTES_REFUSED = "IMG.0432";

	public ProjectQuota {
		if (imageBytesUsed < 0) {
			throw new IllegalArgumentException("Image bytes used cannot be negative: " + imageBytesUsed);
		}
		if (imageBytesLimit != null && imageBytesLimit < 0) {
			throw new IllegalArgumentException("An image bytes limit cannot be negative: " + imageBytesLimit);
		}
	}

	/** A quota as recorded before image bytes were counted. */
	public ProjectQuota(String projectId, @Nullable Integer imageLimit, int imagesUsed, ComputeLimits computeLimits,
			ComputeUsage computeUsed, long version) {
		this(projectId, imageLimit, imagesUsed, computeLimits, computeUsed, null, 0, version);
	}

	public static ProjectQuota unused(String projectId) {
		return new ProjectQuota(projectId, null, 0, ComputeLimits.DEFAULTS, ComputeUsage.NONE, null, 0, 0);
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
				this.computeUsed, this.imageBytesLimit, this.imageBytesUsed, this.version);
	}

	/** Releases one image; never below zero, so that a repeated release changes nothing harmful. */
	public Optional<ProjectQuota> releaseImage() {
		return releaseImage(0);
	}

	/**
	 * Releases one image and the bytes it held (its data, or its staged data, plus what its job held reserved), in
	 * one change; neither goes below zero.
	 */
	public Optional<ProjectQuota> releaseImage(long bytes) {
		requireNotNegative(bytes);
		long bytesAfter = Math.max(0, this.imageBytesUsed - bytes);
		if (this.imagesUsed == 0 && bytesAfter == this.imageBytesUsed) {
			return Optional.empty();
		}
		return Optional.of(new ProjectQuota(this.projectId, this.imageLimit, Math.max(0, this.imagesUsed - 1),
				this.computeLimits, this.computeUsed, this.imageBytesLimit, bytesAfter, this.version));
	}

	public long imageBytesLimitOr(long defaultLimit) {
		return (this.imageBytesLimit != null) ? this.imageBytesLimit : defaultLimit;
	}

	/** The image bytes still free under the limit in force; 0 when the usage is at or over it. */
	public long imageBytesLeft(long defaultLimit) {
		return Math.max(0, imageBytesLimitOr(defaultLimit) - this.imageBytesUsed);
	}

	/**
	 * Refuses work that brings {@code bytes} of image data when they do not fit under the limit; reserves nothing:
	 * the gateway's check before it accepts work that another process writes (and reserves) later.
	 */
	public void admitBytes(long bytes, long defaultLimit) {
		requireNotNegative(bytes);
		if (bytes > imageBytesLeft(defaultLimit) || (bytes == 0 && imageBytesLeft(defaultLimit) == 0)) {
			throw bytesRefused(bytes, defaultLimit);
		}
	}

	/**
	 * Reserves bytes about to be written: at least {@code needed}, and up to {@code wanted} when that much is left (a
	 * stream reserves ahead in steps, so that not every chunk writes the quota). Refuses when {@code needed} does not
	 * fit; nothing is reserved then.
	 */
	public ProjectQuota reserveBytes(long needed, long wanted, long defaultLimit) {
		requireNotNegative(needed);
		if (wanted < needed) {
			throw new IllegalArgumentException("Wanted " + wanted + " bytes, fewer than the " + needed + " needed");
		}
		long left = imageBytesLeft(defaultLimit);
		if (needed > left) {
			throw bytesRefused(needed, defaultLimit);
		}
		return withImageBytesUsed(this.imageBytesUsed + Math.min(wanted, left));
	}

	/**
	 * Changes the bytes used by {@code delta} once data is stored: a reservation settled to the size of what was
	 * stored, which may be larger than reserved (a conversion that grew the file; it is stored, so it counts), or
	 * bytes released. Never below zero; empty when nothing changes.
	 */
	public Optional<ProjectQuota> adjustBytes(long delta) {
		long after = Math.max(0, this.imageBytesUsed + delta);
		return (after == this.imageBytesUsed) ? Optional.empty() : Optional.of(withImageBytesUsed(after));
	}

	public ProjectQuota withImageBytesLimit(@Nullable Long limit) {
		return new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed, this.computeLimits, this.computeUsed,
				limit, this.imageBytesUsed, this.version);
	}

	private ProjectQuota withImageBytesUsed(long used) {
		return new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed, this.computeLimits, this.computeUsed,
				this.imageBytesLimit, used, this.version);
	}

	private ImsException bytesRefused(long bytes, long defaultLimit) {
		long limit = imageBytesLimitOr(defaultLimit);
		return new ImsException(Kind.QUOTA, BYTES_REFUSED, "Project " + this.projectId + " has used "
				+ this.imageBytesUsed + " of its quota of " + limit + " bytes of image data"
				+ ((bytes > 0) ? ", and this needs " + bytes + " more" : "") + ". Delete images or exports you no "
				+ "longer need (copies count their bytes too), or ask an admin for a larger quota "
				+ "(image_bytes of PUT /v1/admin/quotas/" + this.projectId + ").");
	}

	private static void requireNotNegative(long bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("A number of bytes cannot be negative: " + bytes);
		}
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
		return new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed, this.computeLimits, after,
				this.imageBytesLimit, this.imageBytesUsed, this.version);
	}

	/** Releases what ECSs that failed or were deleted used. */
	public Optional<ProjectQuota> releaseCompute(ComputeUsage released) {
		ComputeUsage after = this.computeUsed.minus(released);
		if (after.equals(this.computeUsed)) {
			return Optional.empty();
		}
		return Optional.of(new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed, this.computeLimits, after,
				this.imageBytesLimit, this.imageBytesUsed, this.version));
	}

	/**
	 * The usage measured from what exists, or empty when the recorded usage is that already. Bytes that could not be
	 * measured (data being written) keep their recorded value.
	 */
	public Optional<ProjectQuota> reconciled(QuotaUsage measured) {
		QuotaUsage known = measured.bytesOr(this.imageBytesUsed);
		if (known.equals(usage())) {
			return Optional.empty();
		}
		return Optional.of(new ProjectQuota(this.projectId, this.imageLimit, known.images(), this.computeLimits,
				known.compute(), this.imageBytesLimit, known.imageBytes(), this.version));
	}

	/** What the project uses, as recorded. */
	public QuotaUsage usage() {
		return new QuotaUsage(this.imagesUsed, this.computeUsed, this.imageBytesUsed);
	}

	public ProjectQuota withImageLimit(@Nullable Integer limit) {
		return new ProjectQuota(this.projectId, limit, this.imagesUsed, this.computeLimits, this.computeUsed,
				this.imageBytesLimit, this.imageBytesUsed, this.version);
	}

	public ProjectQuota withComputeLimits(ComputeLimits limits) {
		return new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed, limits, this.computeUsed,
				this.imageBytesLimit, this.imageBytesUsed, this.version);
	}

	public ProjectQuota withVersion(long version) {
		return new ProjectQuota(this.projectId, this.imageLimit, this.imagesUsed, this.computeLimits, this.computeUsed,
				this.imageBytesLimit, this.imageBytesUsed, version);
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
