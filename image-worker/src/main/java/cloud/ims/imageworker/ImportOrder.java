package cloud.ims.imageworker;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.job.JobId;
import cloud.ims.core.store.Digests;
import org.jspecify.annotations.Nullable;

/**
 * An image's data to import: from a URL, or from a file already staged by an upload; with what the user declared
 * about it, and the image as the gateway recorded it when the import creates it.
 */
record ImportOrder(JobId jobId, ImageId imageId, @Nullable String uri, @Nullable String stagedFile,
		@Nullable Digests stagedDigests, @Nullable String declaredFormat, @Nullable Integer minDisk,
		@Nullable String expectedSha256, @Nullable Image recorded, Actor actor) {

	boolean isUpload() {
		return this.stagedFile != null;
	}

}
