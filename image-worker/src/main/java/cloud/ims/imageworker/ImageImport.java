package cloud.ims.imageworker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import cloud.ims.core.qemu.DiskImageInfo;
import cloud.ims.core.qemu.QemuImg;
import cloud.ims.core.qemu.QemuImgFailed;
import cloud.ims.core.spring.ImportSettings;
import cloud.ims.core.store.ImageStore;
import cloud.ims.core.store.StagedFile;
import cloud.ims.core.store.StagingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Imports an image from an external file: downloads it (or takes the staged upload) with SHA-256 and MD5 computed
 * on the way, verifies the checksum the user expects, inspects the real format with qemu-img, refuses what is not
 * acceptable before any conversion, converts to the platform format and stores it atomically. The job's progress
 * moves with the bytes. Every failure kills the image with its own error code and leaves no file behind; a replayed
 * command for an image already active or killed only confirms the job's outcome.
 */
@Component
class ImageImport {

	private static final Logger log = LoggerFactory.getLogger(ImageImport.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	/** The download is done when its last byte is staged and hashed, not before: the digests may lag the bytes. */
	private static final double ALL_BUT_THE_DIGESTS = 0.999;

	private final Images images;

	private final ImageStore store;

	private final WebSource web;

	private final QemuImg qemuImg;

	private final PlatformFormat platform;

	private final ImportSettings settings;

	private final JobReporter jobs;

	private final ImageUnderCreation creation;

	private final ImageActivation activation;

	private final Clock clock;

	ImageImport(Images images, ImageStore store, WebSource web, QemuImg qemuImg, PlatformFormat platform,
			ImportSettings settings, JobReporter jobs, ImageUnderCreation creation, ImageActivation activation,
			Clock clock) {
		this.images = images;
		this.store = store;
		this.web = web;
		this.qemuImg = qemuImg;
		this.platform = platform;
		this.settings = settings;
		this.jobs = jobs;
		this.creation = creation;
		this.activation = activation;
		this.clock = clock;
	}

	void importImage(ImportOrder order) {
		JobBytes bytes = null;
		try {
			if (this.creation.begin(order.jobId(), order.imageId(), order.recorded(), order.actor(), "import",
					order.stagedFile())) {
				bytes = this.creation.bytesOf(order.imageId(),
						(order.stagedDigests() != null) ? order.stagedDigests().size() : -1);
				run(order, bytes);
			}
			else {
				discardUnclaimedUpload(order);
			}
		}
		catch (JobEnded ended) {
			log.info("Import of image {} stopped: {}", order.imageId(), ended.getMessage());
			discardUpload(order);
			if (bytes != null) {
				this.creation.killUnfinished(order.jobId(), order.imageId(), order.actor(), bytes);
			}
			else {
				this.creation.killUnfinished(order.jobId(), order.imageId(), order.actor());
			}
		}
	}

	private void run(ImportOrder order, JobBytes bytes) {
		ImageId id = order.imageId();
		this.store.discardLeftovers(id.value(),
				order.isUpload() ? Set.of(this.store.stagedFile(order.stagedFile())) : Set.of());
		this.images.transition(id, (current) -> current.startSaving(this.clock.instant()), order.actor())
			.block(STORE_TIMEOUT);
		ImageData data;
		try {
			data = stageAndStore(order, bytes);
		}
		catch (ImportFailed failure) {
			log.info("Import of image {} failed: {} {}", id, failure.code(), failure.getMessage());
			this.creation.killUnfinished(order.jobId(), id, order.actor(), bytes);
			this.jobs.fail(order.jobId(), failure.code(), failure.getMessage());
			return;
		}
		if (this.activation.activate(id, data, order.actor(), bytes).isPresent()) {
			this.jobs.succeed(order.jobId(), Map.of("image_id", id.value()));
		}
		else {
			this.jobs.fail(order.jobId(), "IMG.0027", ImageActivation.withdrawn(id));
		}
	}

	/** Stores the image's data; the staged file is gone when this returns, so a finished job leaves nothing behind. */
	private ImageData stageAndStore(ImportOrder order, JobBytes bytes) {
		StagedFile staged = null;
		try {
			staged = order.isUpload() ? upload(order) : download(order, bytes);
			return validateAndStore(order, staged);
		}
		finally {
			if (staged != null) {
				this.store.discard(staged.path());
			}
			discardUpload(order);
		}
	}

	private StagedFile download(ImportOrder order, JobBytes bytes) {
		JobReporter.Progress progress = this.jobs.phase(order.jobId(), 0.0, 0.6);
		try (StagingSink sink = this.store.openStaging(order.imageId().value(), this.settings.maxSize().toBytes())) {
			this.web.download(order.uri(), sink, (received, expected) -> {
				DownloadedBytes.cover(bytes, received, expected);
				if (expected > 0) {
					progress.done(Math.min((double) received / expected, ALL_BUT_THE_DIGESTS));
				}
			});
			StagedFile staged = sink.finishWithoutSync();
			progress.done(1.0);
			return staged;
		}
		catch (IOException io) {
			throw new ImportFailed("IMG.0507", "Staging the download failed: " + io.getMessage());
		}
	}

	private StagedFile upload(ImportOrder order) {
		Path file = this.store.stagedFile(order.stagedFile());
		if (!Files.isRegularFile(file) || order.stagedDigests() == null) {
			throw new ImportFailed("IMG.0425", "The uploaded data is no longer in the staging area. Upload the image "
					+ "again.");
		}
		return new StagedFile(file, order.stagedDigests());
	}

	private ImageData validateAndStore(ImportOrder order, StagedFile staged) {
		if (order.expectedSha256() != null && !order.expectedSha256().equals(staged.digests().sha256Hex())) {
			throw new ImportFailed("IMG.0414", "The file's SHA-256 is " + staged.digests().sha256Hex() + ", not "
					+ order.expectedSha256() + " as expected. The file was changed or damaged on its way; check the source.");
		}
		try {
			DiskImageInfo info = this.qemuImg.info(staged.path());
			String realFormat = DiskInspection.realFormat(staged.path(), info, order.declaredFormat());
			DiskInspection.requireAcceptable(realFormat, info, order.declaredFormat(), order.minDisk());
			ImageData data = this.platform.publish(order.imageId(), staged, realFormat, info);
			this.jobs.phase(order.jobId(), 0.6, 0.95).done(1.0);
			return data;
		}
		catch (QemuImgFailed failed) {
			throw new ImportFailed("IMG.0412", "The file is not a disk image qemu-img can read: " + failed.getMessage());
		}
		catch (IOException io) {
			throw new ImportFailed("IMG.0507", "Storing the image data failed: " + io.getMessage());
		}
	}

	/**
	 * Discards the upload of a job that did not get the image, unless the image keeps it staged for an import still to
	 * come (a glance-direct import whose job was refused the image leaves the staged data to the next one).
	 */
	private void discardUnclaimedUpload(ImportOrder order) {
		if (order.isUpload()) {
			Image image = this.images.find(order.imageId()).block(STORE_TIMEOUT);
			if (image != null && image.keepsStaged(order.stagedFile())) {
				return;
			}
		}
		discardUpload(order);
	}

	private void discardUpload(ImportOrder order) {
		if (order.isUpload()) {
			this.store.discard(this.store.stagedFile(order.stagedFile()));
		}
	}

}
