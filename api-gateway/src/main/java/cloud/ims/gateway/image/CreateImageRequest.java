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
import cloud.ims.core.image.ImageTag;
import cloud.ims.core.image.ImageTags;
import cloud.ims.core.imports.UrlImport;
import cloud.ims.core.common.ImsException.Kind;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of POST /v2/cloudimages/action: an image from an ECS ({@code instance_id}) or from a file
 * ({@code image_url}). Fields of the Huawei SDK's model that have no meaning here are collected in
 * {@code ignored} and checked against a known list; those that ask for something IMS does not do (data disk images,
 * quick import, encryption, images from a volume) are refused rather than dropped.
 */
public record CreateImageRequest(@Nullable String name, @JsonProperty("instance_id") @Nullable String instanceId,
		@JsonProperty("image_url") @Nullable String imageUrl, @Nullable String description,
		@Nullable List<String> tags, @JsonProperty("image_tags") @Nullable List<TagKeyValue> imageTags,
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

	/**
	 * Fields of the SDK's model that ask for what IMS does not do are refused, each with what to do instead: a silent
	 * drop would create an image other than the one asked for.
	 */
	void refuseUnsupportedFeatures() {
		Object dataImages = this.ignored.get("data_images");
		if (dataImages != null && !(dataImages instanceof List<?> list && list.isEmpty())) {
			throw unsupported("data_images", "IMS makes images of an ECS's system disk only (its ECSs have no data "
					+ "disks). Leave data_images out and capture the ECS with instance_id.");
		}
		if (Boolean.TRUE.equals(this.ignored.get("is_quick_import"))) {
			throw unsupported("is_quick_import", "IMS always downloads and inspects a file it imports (and converts it "
					+ "to VMDK). Leave is_quick_import out, or false, and import with image_url.");
		}
		if (given(this.ignored.get("cmk_id"))) {
			throw unsupported("cmk_id", "IMS does not encrypt images with a customer master key. Leave cmk_id out to "
					+ "create an unencrypted image.");
		}
		if (given(this.ignored.get("volume_id"))) {
			throw unsupported("volume_id", "IMS does not make images of EVS volumes. Capture the ECS with instance_id, "
					+ "or import a file with image_url.");
		}
	}

	private static boolean given(@Nullable Object value) {
		return value != null && !(value instanceof String text && text.isEmpty());
	}

	private static ImsException unsupported(String field, String instead) {
		return new ImsException(Kind.INVALID, "IMG.0009", field + " is not supported. " + instead);
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

	/**
	 * The plain tags and the SDK's key/value tags (checked as Huawei's tag API checks them), as one list: a key/value
	 * tag is stored as {@code key=value}, or as the key alone when its value is empty.
	 */
	List<String> allTags() {
		List<String> all = new ArrayList<>((this.tags != null) ? this.tags : List.of());
		if (this.imageTags != null) {
			all.addAll(ImageTags.forNewImage(
					this.imageTags.stream().map((tag) -> ImageTag.of(tag.key(), tag.value())).toList()));
		}
		return all;
	}

	/** A key/value tag as the SDK sends it ({@code TagKeyValue}). */
	public record TagKeyValue(@Nullable String key, @Nullable String value) {
	}

}
