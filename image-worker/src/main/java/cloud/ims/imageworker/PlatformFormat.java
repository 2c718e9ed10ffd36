package cloud.ims.imageworker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.qemu.DiskImageInfo;
import cloud.ims.core.qemu.QemuImg;
import cloud.ims.core.qemu.QemuImgFailed;
import cloud.ims.core.store.Digests;
import cloud.ims.core.store.ImageStore;
import cloud.ims.core.store.StagedFile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Stores validated disk data in the platform's format: a streamOptimized VMDK (what the VMware Service deploys
 * from), converted with qemu-img when the source is in another format; CD images stay ISO. A file already in the
 * platform's format is kept byte for byte, so its checksum is the MD5 of the file the user sent. A conversion is
 * written to the work area; either way the image is published atomically, so that readers never see a partial one.
 */
@Component
class PlatformFormat {

	static final String DISK_FORMAT = "vmdk";

	private static final String STREAM_OPTIMIZED = "streamOptimized";

	static final List<String> DISK_OPTIONS = List.of("subformat=" + STREAM_OPTIMIZED);

	private final ImageStore store;

	private final QemuImg qemuImg;

	private final MeterRegistry meterRegistry;

	PlatformFormat(ImageStore store, QemuImg qemuImg, MeterRegistry meterRegistry) {
		this.store = store;
		this.qemuImg = qemuImg;
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Publishes the staged file as the data of {@code imageId}: an ISO, or a streamOptimized VMDK that qemu-img finds
	 * whole, as it is (moved, with the digests computed while it was staged); any other disk converted. A staged file
	 * that was converted stays, for the caller to discard.
	 * @param realFormat the staged file's real format in the API's names
	 * @param info what qemu-img info found in the staged file
	 */
	ImageData publish(ImageId imageId, StagedFile staged, String realFormat, DiskImageInfo info) throws IOException {
		if (realFormat.equals("iso")) {
			return keepAsItIs(imageId, staged, realFormat, info);
		}
		if (realFormat.equals(DISK_FORMAT) && STREAM_OPTIMIZED.equals(info.vmdkSubformat())) {
			try {
				this.qemuImg.check(staged.path(), DISK_FORMAT);
			}
			catch (QemuImgFailed damaged) {
				throw new ImportFailed("IMG.0416", "The VMDK file is damaged: its grain tables point past its end or "
						+ "elsewhere than its grains (a file cut short, say). Check it with qemu-img check and send it "
						+ "again.");
			}
			return keepAsItIs(imageId, staged, realFormat, info);
		}
		Path work = this.store.newWorkFile(imageId.value() + "." + DISK_FORMAT);
		try {
			this.qemuImg.convert(staged.path(), qemuName(realFormat), work, DISK_FORMAT, DISK_OPTIONS);
			Digests digests = this.store.digest(work);
			this.store.put(imageId.value(), work);
			countImported(realFormat, staged.digests().size());
			Counter.builder("ims.image.converted.bytes")
				.description("Bytes of image data written in the platform format by a conversion")
				.baseUnit("bytes")
				.tag("from", realFormat)
				.tag("to", DISK_FORMAT)
				.register(this.meterRegistry)
				.increment(digests.size());
			return new ImageData(DISK_FORMAT, digests.size(), info.virtualSize(), digests.md5Hex(),
					digests.sha256Hex());
		}
		catch (QemuImgFailed failed) {
			throw new ImportFailed("IMG.0411", "Converting the image to " + DISK_FORMAT + " failed: "
					+ failed.getMessage());
		}
		finally {
			this.store.discard(work);
		}
	}

	private ImageData keepAsItIs(ImageId imageId, StagedFile staged, String format, DiskImageInfo info)
			throws IOException {
		// Staging drops the MD5 of bytes that cannot be kept as they are; one that is kept without it is hashed again.
		Digests digests = (staged.digests().md5Hex() != null) ? staged.digests() : this.store.digest(staged.path());
		this.store.put(imageId.value(), staged.path());
		countImported(format, digests.size());
		return new ImageData(format, digests.size(), info.virtualSize(), digests.md5Hex(), digests.sha256Hex());
	}

	/** Every image's data passes here once (imported, uploaded or captured), tagged with its real format. */
	private void countImported(String format, long bytes) {
		Counter.builder("ims.image.imported.bytes")
			.description("Bytes of image data taken in (imported, uploaded or captured) and stored")
			.baseUnit("bytes")
			.tag("format", format)
			.register(this.meterRegistry)
			.increment(bytes);
	}

	private static String qemuName(String format) {
		return format.equals("vhd") ? "vpc" : format;
	}

}
