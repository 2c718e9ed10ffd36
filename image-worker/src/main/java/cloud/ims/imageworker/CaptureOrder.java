package cloud.ims.imageworker;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.job.JobId;
import cloud.ims.core.server.ServerId;
import org.jspecify.annotations.Nullable;

/**
 * An ECS to capture into an image, which the gateway records in {@code queued} as the command carries it.
 */
record CaptureOrder(JobId jobId, ImageId imageId, ServerId serverId, @Nullable Image recorded, Actor actor) {
}
