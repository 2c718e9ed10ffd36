package cloud.ims.core.image;

import java.time.Instant;
import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Which project owns an image (Glance's {@code owner}): the one that creates it, unless an admin gives the image to
 * another project, at creation or later. The image then counts against the new owner's image quota, and only that
 * project (and admins) may change it. A project may name itself as the owner; naming another is for admins only.
 */
public final class ImageOwnership {

	/** Glance's limit on {@code owner}. */
	public static final int MAX_OWNER = 255;

	private ImageOwnership() {
	}

	/** The owner of a new image: {@code requested} when given (checked), else the creating project. */
	public static String ownerOf(String creator, boolean admin, @Nullable Object requested) {
		if (requested == null) {
			return creator;
		}
		String owner = owner(requested);
		requireMayGive(creator, admin, owner);
		return owner;
	}

	/** The owner a patch value names, checked: a project id of 1 to 255 characters. */
	public static String owner(@Nullable Object value) {
		if (!(value instanceof String owner) || owner.isBlank() || owner.length() > MAX_OWNER
				|| !owner.strip().equals(owner)) {
			throw new ImsException(Kind.INVALID, "IMG.0001", "owner must be a project id: 1 to " + MAX_OWNER
					+ " characters without surrounding spaces.");
		}
		return owner;
	}

	/**
	 * The image given to {@code owner} by the caller (admins only); empty when that project owns it already. A project
	 * the image is shared with cannot become its owner while it is a member.
	 */
	public static Optional<Image> transfer(Image image, String owner, String callerProject, boolean admin,
			Instant at) {
		if (image.owner().equals(owner)) {
			return Optional.empty();
		}
		requireMayGive(callerProject, admin, owner);
		if (image.members().of(owner).isPresent()) {
			throw new ImsException(Kind.CONFLICT, "IMG.0741", "Project " + owner + " is a member of image "
					+ image.id() + ", so it cannot become its owner; remove the member first (DELETE /v2/images/"
					+ image.id() + "/members/" + owner + ").");
		}
		return Optional.of(new Image(image.id(), image.name(), image.status(), image.visibility(), owner,
				image.isProtected(), image.tags(), image.containerFormat(), image.minDisk(), image.minRam(),
				image.maxRam(), image.data(), image.osType(), image.osVersion(), image.platform(), image.osBit(),
				image.description(), image.dataOrigin(), image.properties(), image.jobId(), image.createdAt(), at,
				image.version(), image.members()));
	}

	/** Refused unless the caller is an admin or names its own project. */
	public static void requireMayGive(String callerProject, boolean admin, String owner) {
		if (!admin && !owner.equals(callerProject)) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0740", "Only admins may set an image's owner to another "
					+ "project (" + owner + "); leave owner out, or set it to your own project " + callerProject + ".");
		}
	}

}
