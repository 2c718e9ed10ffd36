package cloud.ims.imageworker;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.job.JobId;
import org.jspecify.annotations.Nullable;

/**
 * A new image to give the data of an active one, recorded by the gateway in {@code queued} as the command carries it.
 */
record CopyOrder(JobId jobId, ImageId imageId, ImageId sourceId, @Nullable Image recorded, Actor actor) {
}
