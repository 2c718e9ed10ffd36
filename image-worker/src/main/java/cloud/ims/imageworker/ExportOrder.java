package cloud.ims.imageworker;

import cloud.ims.core.common.Actor;
import cloud.ims.core.export.ExportFormat;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.job.JobId;
import org.jspecify.annotations.Nullable;

/**
 * An image to export: in which format (null when this worker does not know the one asked for), converted or as stored
 * ({@code quick}), and kept in the image store or PUT to {@code bucketUrl}.
 */
record ExportOrder(JobId jobId, ImageId imageId, @Nullable ExportFormat format, boolean quick,
		@Nullable String bucketUrl, Actor actor) {
}
