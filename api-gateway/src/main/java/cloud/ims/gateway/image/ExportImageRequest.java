package cloud.ims.gateway.image;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.export.ExportFormat;
import cloud.ims.core.imports.SourcePolicy;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of POST /v1/cloudimages/{image_id}/file, as the Huawei SDK's {@code ExportImageRequestBody} has it:
 * {@code file_format} (qcow2, vmdk, vhd, raw; required unless {@code is_quick_export}), {@code bucket_url} (an https
 * URL to PUT the file to; without it the file is kept in the image store) and {@code is_quick_export} (the data as
 * stored, without a conversion). Any other field is an error.
 */
record ExportImageRequest(@JsonProperty("file_format") @Nullable String fileFormat,
		@JsonProperty("bucket_url") @Nullable String bucketUrl,
		@JsonProperty("is_quick_export") @Nullable Boolean isQuickExport,
		@JsonAnySetter @Nullable Map<String, Object> unknown) {

	/** The export asked for, checked but for what depends on the image (the format a quick export has). */
	Checked checked(SourcePolicy policy) {
		if (this.unknown != null && !this.unknown.isEmpty()) {
			Set<String> names = new TreeSet<>(this.unknown.keySet());
			throw new ImsException(Kind.INVALID, "IMG.0001",
					"Unknown field(s) " + names + " in the request body. Remove them; see the API reference.");
		}
		boolean quick = Boolean.TRUE.equals(this.isQuickExport);
		ExportFormat format = ExportFormat.ofNullable(this.fileFormat);
		if (format == null && !quick) {
			throw new ImsException(Kind.INVALID, "IMG.0620",
					"file_format is required: qcow2, vmdk, vhd or raw (or is_quick_export to export the data as stored).");
		}
		String bucket = (this.bucketUrl != null && !this.bucketUrl.isBlank())
				? policy.checkDestination(this.bucketUrl).toString() : null;
		return new Checked(format, quick, bucket);
	}

	/** What to export and where to. */
	record Checked(@Nullable ExportFormat format, boolean quick, @Nullable String bucketUrl) {
	}

}
