package cloud.ims.core.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a user gives a new image in either dialect, checked against {@link ImageRules}: its name, description, tags,
 * memory bounds and visibility, public only when an admin asks for it.
 */
public record ImageDraft(String name, @Nullable String description, List<String> tags, int minRam,
		@Nullable Integer maxRam, Visibility visibility) {

	public ImageDraft {
		tags = List.copyOf(tags);
	}

	public static ImageDraft of(@Nullable String name, @Nullable String description, List<String> tags,
			@Nullable Integer minRam, @Nullable Integer maxRam, @Nullable String visibility, boolean admin) {
		String checkedName = ImageRules.name(name);
		Visibility checkedVisibility = ImageRules.visibility(admin, visibility);
		Integer checkedMinRam = ImageRules.nonNegative(minRam, "min_ram");
		return new ImageDraft(checkedName, ImageRules.description(description), ImageRules.tags(tags),
				(checkedMinRam != null) ? checkedMinRam : 0, ImageRules.nonNegative(maxRam, "max_ram"), checkedVisibility);
	}

	/** The image made from this draft: queued for the job that will write its data, owned by the project. */
	public Image queued(ImageId id, String owner, int minDisk, OperatingSystem os, String dataOrigin,
			Map<String, String> properties, String jobId, Instant at) {
		return new Image(id, this.name, ImageStatus.QUEUED, this.visibility, owner, this.visibility == Visibility.PUBLIC,
				this.tags, "bare", minDisk, this.minRam, this.maxRam, null, os.type(), os.version(), os.platform(),
				os.bit(), this.description, dataOrigin, properties, jobId, at, at, 0);
	}

}
