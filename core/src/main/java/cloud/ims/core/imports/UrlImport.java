package cloud.ims.core.imports;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.ImageDraft;
import cloud.ims.core.image.ImageRules;
import org.jspecify.annotations.Nullable;

/**
 * A new image whose data is downloaded from a URL (Huawei's create from {@code image_url}), with what the user
 * declared about the file; the URL is checked against the {@link SourcePolicy} where it is accepted.
 */
public record UrlImport(ImageDraft draft, String url, int minDisk, @Nullable String diskFormat,
		@Nullable String expectedSha256, @Nullable String osVersion, String osType) {

	public static UrlImport of(ImageDraft draft, String url, @Nullable Integer minDisk, @Nullable String diskFormat,
			@Nullable String expectedSha256, @Nullable String osVersion, @Nullable String osType) {
		if (minDisk == null || minDisk < 1 || minDisk > ImageRules.MAX_DISK_GB) {
			throw new ImsException(Kind.INVALID, "IMG.0001", "min_disk is required for an import, from 1 to "
					+ ImageRules.MAX_DISK_GB + " GB: the image's virtual size may not exceed it.");
		}
		return new UrlImport(draft, url, minDisk, DiskFormats.declared(diskFormat), DiskFormats.sha256(expectedSha256),
				osVersion, ImageRules.osType(osType));
	}

}
