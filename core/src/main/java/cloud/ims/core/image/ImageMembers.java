package cloud.ims.core.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;

/**
 * The projects an image is shared with, in the order they were added, each at most once and at most
 * {@code limit} of them (Glance's {@code image_member_quota}, 128 by default).
 */
public record ImageMembers(List<ImageMember> list) {

	/** Glance's default bound on an image's members. */
	public static final int DEFAULT_LIMIT = 128;

	public static final ImageMembers NONE = new ImageMembers(List.of());

	public ImageMembers {
		list = List.copyOf(list);
	}

	public Optional<ImageMember> of(String projectId) {
		return this.list.stream().filter((member) -> member.projectId().equals(projectId)).findFirst();
	}

	public boolean isEmpty() {
		return this.list.isEmpty();
	}

	public int size() {
		return this.list.size();
	}

	/** The projects that accepted the image: those that may create ECSs from it. */
	public List<String> accepted() {
		return this.list.stream()
			.filter((member) -> member.status() == MemberStatus.ACCEPTED)
			.map(ImageMember::projectId)
			.toList();
	}

	/** Adds the projects that are not members yet as pending; refused beyond the limit. */
	ImageMembers adding(Collection<String> projects, int limit, ImageId image, Instant at) {
		List<ImageMember> members = new ArrayList<>(this.list);
		for (String project : new LinkedHashSet<>(projects)) {
			if (of(project).isEmpty()) {
				members.add(new ImageMember(project, MemberStatus.PENDING, at, at));
			}
		}
		if (members.size() > limit && members.size() > this.list.size()) {
			throw new ImsException(Kind.TOO_LARGE, "IMG.0701", "Image " + image + " can be shared with at most " + limit
					+ " projects; it has " + this.list.size() + " members and " + (members.size() - this.list.size())
					+ " more were asked for. Remove members it no longer needs first.");
		}
		return new ImageMembers(members);
	}

	ImageMembers removing(String project, ImageId image) {
		requireMember(project, image);
		return new ImageMembers(this.list.stream().filter((member) -> !member.projectId().equals(project)).toList());
	}

	/** The member's new status; the same members when it has that status already. */
	ImageMembers answering(String project, MemberStatus status, ImageId image, Instant at) {
		ImageMember member = requireMember(project, image);
		if (member.status() == status) {
			return this;
		}
		return new ImageMembers(this.list.stream()
			.map((existing) -> existing.projectId().equals(project) ? existing.withStatus(status, at) : existing)
			.toList());
	}

	private ImageMember requireMember(String project, ImageId image) {
		return of(project).orElseThrow(() -> notAMember(project, image));
	}

	static ImsException notAMember(String project, ImageId image) {
		return new ImsException(Kind.NOT_FOUND, "IMG.0705", "Project " + project + " is not a member of image " + image
				+ ". List its members with GET /v2/images/" + image + "/members.");
	}

}
