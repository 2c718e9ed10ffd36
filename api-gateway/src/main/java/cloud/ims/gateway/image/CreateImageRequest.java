package cloud.ims.gateway.image;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.ImageDraft;
import cloud.ims.core.imports.UrlImport;
import cloud.ims.core.common.ImsException.Kind;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of POST /v2/cloudimages/action: an image from an ECS ({@code instance_id}) or from a file
 * ({@code image_url}). Fields of the Huawei SDK's model that have no meaning here are collected in
 * {@code ignored} and checked against a known list.
 */
public record CreateImageRequest(@Nullable String name, @JsonProperty("instance_id") @Nullable String instanceId,
		@JsonProperty("image_url") @Nullable String imageUrl, @Nullable String description,
		@Nullable List<String> tags, @JsonProperty("image_tags") @Nullable List<ImageTag> imageTags,
		@JsonProperty("min_ram") @Nullable Integer minRam, @JsonProperty("max_ram") @Nullable Integer maxRam,
		@JsonProperty("min_disk") @Nullable Integer minDisk, @JsonProperty("os_version") @Nullable String osVersion,
		@JsonProperty("os_type") @Nullable String osType, @JsonProperty("disk_format") @Nullable String diskFormat,
		@JsonProperty("__expected_sha256") @Nullable String expectedSha256, @Nullable String visibility,
		@JsonAnySetter Map<String, Object> ignored) {

	static final List<String> HUAWEI_FIELDS = List.of("is_config", "cmk_id", "type", "enterprise_project_id",
			"data_images", "architecture", "is_quick_import", "hw_firmware_type", "license_type", "volume_id");

	public CreateImageRequest {
		ignored = (ignored != null) ? ignored : new HashMap<>();
	}

	/** Fields of the SDK's model that mean nothing here are accepted; any other unknown field is an error. */
	void requireKnownFields() {
		Set<String> unknown = new TreeSet<>(this.ignored.keySet());
		HUAWEI_FIELDS.forEach(unknown::remove);
		if (!unknown.isEmpty()) {
			throw new ImsException(Kind.INVALID, "IMG.0001",
					"Unknown field(s) " + unknown + " in the request body. Remove them; see the API reference.");
		}
	}

	/** The new image's metadata, checked. */
	ImageDraft draft(boolean admin) {
		return ImageDraft.of(this.name, this.description, allTags(), this.minRam, this.maxRam, this.visibility, admin);
	}

	/** The import from {@code image_url}, checked (all but the URL's source policy). */
	UrlImport urlImport(boolean admin) {
		ImageDraft draft = draft(admin);
		return UrlImport.of(draft, Objects.requireNonNull(this.imageUrl), this.minDisk, this.diskFormat,
				this.expectedSha256, this.osVersion, this.osType);
	}

	/** The plain tags and the SDK's key/value tags, as one list. */
	List<String> allTags() {
		List<String> all = new ArrayList<>((this.tags != null) ? this.tags : List.of());
		if (this.imageTags != null) {
			this.imageTags.forEach((tag) -> all.add(tag.asTag()));
		}
		return all;
	}

	/** A tag as the SDK sends it; stored as {@code key=value}. */
	public record ImageTag(String key, @Nullable String value) {

		String asTag() {
			return (this.value != null && !this.value.isEmpty()) ? this.key + "=" + this.value : this.key;
		}

	}

}
