package cloud.ims.imageworker;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.job.JobId;
import cloud.ims.core.server.ServerId;

/**
 * An ECS to capture into an image the gateway has already recorded in {@code queued}.
 */
record CaptureOrder(JobId jobId, ImageId imageId, ServerId serverId, Actor actor) {
}
