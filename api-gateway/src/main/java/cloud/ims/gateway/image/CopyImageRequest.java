package cloud.ims.gateway.image;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.ImageRules;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of POST /v1/cloudimages/{image_id}/copy, as the Huawei SDK's {@code CopyImageInRegionRequestBody} has it:
 * the copy's name and description; {@code enterprise_project_id} means nothing here and is ignored, {@code cmk_id}
 * asks for an encryption IMS does not do and is refused, any other field is an error.
 */
record CopyImageRequest(@Nullable String name, @Nullable String description,
		@JsonProperty("cmk_id") @Nullable String cmkId,
		@JsonProperty("enterprise_project_id") @Nullable String enterpriseProjectId,
		@JsonAnySetter @Nullable Map<String, Object> unknown) {

	/** The copy's name and description, checked as every image's are. */
	Checked checked() {
		if (this.unknown != null && !this.unknown.isEmpty()) {
			Set<String> names = new TreeSet<>(this.unknown.keySet());
			throw new ImsException(Kind.INVALID, "IMG.0001",
					"Unknown field(s) " + names + " in the request body. Remove them; see the API reference.");
		}
		if (this.cmkId != null && !this.cmkId.isEmpty()) {
			throw new ImsException(Kind.INVALID, "IMG.0009", "cmk_id is not supported. IMS does not encrypt images with "
					+ "a customer master key. Leave cmk_id out to make an unencrypted copy.");
		}
		return new Checked(ImageRules.name(this.name), ImageRules.description(this.description));
	}

	/** What the copy is to be called. */
	record Checked(String name, @Nullable String description) {
	}

}
