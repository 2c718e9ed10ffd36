package cloud.ims.core.server;

import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import org.jspecify.annotations.Nullable;

/**
 * A request for one or many ECSs from one image. {@link #of} refuses it as soon as it breaks a rule that needs no
 * lookup, so that nothing is looked up, reserved or created for it; the image, the flavor and the quota are checked
 * where they are looked up, and the system disk once the image is known ({@link #rootVolumeGb(Image, Flavor)}).
 */
public record ServerBatch(String imageRef, String flavorRef, List<String> names, @Nullable Integer requestedRootVolumeGb,
		Map<String, String> metadata, @Nullable String description, BatchPolicy policy, BatchLimits limits) {

	static final int MAX_DESCRIPTION_LENGTH = 85;

	public static ServerBatch of(Requested requested, BatchLimits limits) {
		String imageRef = required(requested.imageRef(), "server.imageRef");
		String flavorRef = required(requested.flavorRef(), "server.flavorRef");
		int count = (requested.count() != null) ? requested.count() : 1;
		if (count < 1 || count > limits.maxCount()) {
			throw invalid("server.count=" + count + " is out of range; request 1 to " + limits.maxCount()
					+ " ECSs at a time.");
		}
		List<String> names = ServerNames.forBatch(required(requested.name(), "server.name"), count,
				requested.autoRename());
		String description = requested.description();
		if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
			throw invalid("server.description is longer than " + MAX_DESCRIPTION_LENGTH + " characters; shorten it.");
		}
		BatchPolicy policy = BatchPolicy.requested(requested.policyMode(), requested.policyMinCount(), count);
		return new ServerBatch(imageRef, flavorRef, names, requested.rootVolumeGb(),
				ServerMetadata.checked(requested.metadata()), description, policy, limits);
	}

	/**
	 * The system disk of each ECS: the requested size or else the larger of the image's minimum and the flavor's disk,
	 * refused below the image's minimum or above the limit.
	 */
	public int rootVolumeGb(Image image, Flavor flavor) {
		int minimum = Math.max(1, image.minDisk());
		int size = (this.requestedRootVolumeGb != null) ? this.requestedRootVolumeGb : Math.max(minimum, flavor.diskGb());
		if (size < minimum || size > this.limits.maxRootVolumeGb()) {
			throw invalid("server.root_volume.size=" + size + " GB is out of range: image " + image.id()
					+ " needs at least " + minimum + " GB and the limit is " + this.limits.maxRootVolumeGb() + " GB.");
		}
		return size;
	}

	private static String required(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			throw invalid("Missing " + field + ". Add it to the request body.");
		}
		return value;
	}

	static ImsException invalid(String message) {
		return new ImsException(Kind.INVALID, "Ecs.0005", message);
	}

	/** The values of a request for ECSs as it was made, before any rule was applied; any of them may be missing. */
	public record Requested(@Nullable String imageRef, @Nullable String flavorRef, @Nullable String name,
			@Nullable Integer count, boolean autoRename, @Nullable Integer rootVolumeGb,
			@Nullable Map<String, String> metadata, @Nullable String description, @Nullable String policyMode,
			@Nullable Integer policyMinCount) {
	}

}
