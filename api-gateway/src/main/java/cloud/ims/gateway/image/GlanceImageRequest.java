package cloud.ims.gateway.image;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.Ids;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.imports.DiskFormats;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageOwnership;
import cloud.ims.core.image.ImageRules;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of Glance's image create: core properties, and any other member as a free-form property (strings only,
 * as in Glance). Read-only attributes may not be given.
 */
public record GlanceImageRequest(@Nullable String id, @Nullable String name, @Nullable String visibility,
		@JsonProperty("protected") @Nullable Boolean isProtected, @Nullable List<String> tags,
		@JsonProperty("disk_format") @Nullable String diskFormat,
		@JsonProperty("container_format") @Nullable String containerFormat,
		@JsonProperty("min_disk") @Nullable Integer minDisk, @JsonProperty("min_ram") @Nullable Integer minRam,
		@JsonAnySetter Map<String, Object> properties) {

	public GlanceImageRequest {
		properties = (properties != null) ? properties : new HashMap<>();
	}

	/**
	 * The queued image the request describes, checked; public only when an admin asks for it, and owned by the
	 * creating project unless an admin names another ({@code owner}).
	 */
	public Image toImage(String creator, boolean admin, Instant now) {
		String owner = ImageOwnership.ownerOf(creator, admin, this.properties.get("owner"));
		Map<String, String> extra = new LinkedHashMap<>();
		this.properties.forEach((key, value) -> {
			if (key.equals("owner")) {
				return;
			}
			if (ImagePatch.READ_ONLY.contains(key) || key.equals("status")) {
				throw new ImsException(Kind.FORBIDDEN, "IMG.0096", "Attribute '" + key + "' is read-only.");
			}
			extra.put(key, HuaweiProperties.normalize(key, value));
		});
		String format = DiskFormats.declared(this.diskFormat);
		if (format != null) {
			extra.put("disk_format", format);
		}
		Visibility visibility = ImageRules.visibility(admin, this.visibility);
		String description = extra.remove("__description");
		return new Image(imageId(), ImageRules.name((this.name != null) ? this.name : "unnamed"), ImageStatus.QUEUED,
				visibility, owner, (this.isProtected != null) ? this.isProtected : visibility == Visibility.PUBLIC,
				ImageRules.tags((this.tags != null) ? this.tags : List.of()),
				ImageRules.containerFormat(this.containerFormat),
				ImageRules.range("min_disk", this.minDisk, 0, ImageRules.MAX_DISK_GB),
				ImageRules.range("min_ram", this.minRam, 0, Integer.MAX_VALUE), null, null,
				"Linux", null, null, "64", ImageRules.description(description), "upload", ImageRules.properties(extra), null,
				now, now, 0);
	}

	private ImageId imageId() {
		if (this.id == null) {
			return ImageId.newId();
		}
		if (!Ids.isWellFormed(this.id)) {
			throw new ImsException(Kind.INVALID, "IMG.0001", "id '" + this.id + "' is not a UUID; leave it out to get one.");
		}
		return new ImageId(this.id);
	}

}
