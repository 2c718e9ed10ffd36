package cloud.ims.provisioning;

import java.util.Map;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.job.JobId;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.ServerId;
import org.jspecify.annotations.Nullable;

/**
 * One ECS to create, as part of a batch job: which sub-job it is, what to create, and who asked.
 */
record ServerOrder(JobId jobId, int subJobIndex, ServerId serverId, String name, ImageId imageId, Flavor flavor,
		int rootVolumeGb, Map<String, String> metadata, @Nullable String description, Actor actor) {
}
