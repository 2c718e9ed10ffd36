package cloud.ims.core.image;

import java.time.Instant;

/**
 * A project an image is shared with, where it stands on it, and when it was added and last changed.
 */
public record ImageMember(String projectId, MemberStatus status, Instant createdAt, Instant updatedAt) {

	ImageMember withStatus(MemberStatus status, Instant at) {
		return new ImageMember(this.projectId, status, this.createdAt, at);
	}

}
