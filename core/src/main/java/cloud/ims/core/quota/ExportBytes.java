package cloud.ims.core.quota;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import org.jspecify.annotations.Nullable;

/**
 * The bytes an export kept in the image store holds against its project's quota (ADR 38): the size its job recorded,
 * from its success until the sweep removes it after {@code expires_at}. The export's job is its document: the
 * image-worker reserves the size before it publishes the file, and the sweep that removes the file gives it back.
 */
public final class ExportBytes {

	/** How long after its expiry an export may wait for the sweep, which still counts it meanwhile. */
	public static final Duration SWEEP_GRACE = Duration.ofHours(1);

	private ExportBytes() {
	}

	/** The size of a kept export's file, or null when it is not one (an upload to a bucket, a failed export). */
	public static @Nullable Long keptSize(Job job) {
		if (job.type() != JobType.EXPORT_IMAGE || job.status() != JobStatus.SUCCESS
				|| !job.entities().containsKey("export_path")) {
			return null;
		}
		try {
			return Long.parseLong(job.entities().getOrDefault("size", ""));
		}
		catch (NumberFormatException malformed) {
			return null;
		}
	}

	/**
	 * What the export's job holds as measured at {@code now}: its size while kept, nothing once swept; null while
	 * that cannot be told from the job (an export under way holds a reservation; one just expired may still wait for
	 * the sweep, which gives its bytes back).
	 */
	public static @Nullable Long heldBy(Job job, Instant now) {
		if (job.type() != JobType.EXPORT_IMAGE) {
			return 0L;
		}
		if (!job.status().isTerminal()) {
			return null;
		}
		Long size = keptSize(job);
		if (size == null) {
			return 0L;
		}
		Instant expiresAt;
		try {
			expiresAt = Instant.parse(job.entities().getOrDefault("expires_at", ""));
		}
		catch (DateTimeParseException malformed) {
			return null;
		}
		if (expiresAt.isAfter(now)) {
			return size;
		}
		return expiresAt.plus(SWEEP_GRACE).isAfter(now) ? null : 0L;
	}

}
