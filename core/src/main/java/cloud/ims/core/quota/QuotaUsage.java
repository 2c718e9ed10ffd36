package cloud.ims.core.quota;

import org.jspecify.annotations.Nullable;

/**
 * What a project uses of its quotas: images that hold a unit (neither killed nor deleted), ECSs that hold theirs
 * (neither failed nor deleted), and the bytes of image data its images hold. Measured bytes are null while some data
 * of the project is being written: what a running job holds reserved is in no document, so it cannot be measured.
 */
public record QuotaUsage(int images, ComputeUsage compute, @Nullable Long imageBytes) {

	/** A usage whose bytes are unknown. */
	public QuotaUsage(int images, ComputeUsage compute) {
		this(images, compute, null);
	}

	/** This usage, with {@code recorded} for bytes that could not be measured. */
	public QuotaUsage bytesOr(long recorded) {
		return (this.imageBytes != null) ? this : new QuotaUsage(this.images, this.compute, recorded);
	}

}
