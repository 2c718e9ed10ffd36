package cloud.ims.imageworker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.ExportedDisk;
import cloud.ims.core.compute.VmNotFound;
import cloud.ims.core.compute.VmStateConflict;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import cloud.ims.core.qemu.DiskImageInfo;
import cloud.ims.core.qemu.QemuImg;
import cloud.ims.core.qemu.QemuImgFailed;
import cloud.ims.core.store.Digests;
import cloud.ims.core.store.ImageStore;
import cloud.ims.core.store.StagedFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Captures an ECS into a private image: exports its system disk through the VMware Service, streams it into
 * staging (hashing on the way), converts it to the platform format (streamOptimized VMDK) and stores it
 * atomically, then activates the image. On failure the image is killed and no file is left behind.
 * A replayed command for an image that is already active or killed only confirms the job's outcome.
 */
@Component
class ImageCapture {

	private static final Logger log = LoggerFactory.getLogger(ImageCapture.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Images images;

	private final ComputeDriver compute;

	private final ImageStore store;

	private final QemuImg qemuImg;

	private final PlatformFormat platform;

	private final JobReporter jobs;

	private final ImageUnderCreation creation;

	private final ImageActivation activation;

	private final Clock clock;

	ImageCapture(Images images, ComputeDriver compute, ImageStore store, QemuImg qemuImg, PlatformFormat platform,
			JobReporter jobs, ImageUnderCreation creation, ImageActivation activation, Clock clock) {
		this.images = images;
		this.compute = compute;
		this.store = store;
		this.qemuImg = qemuImg;
		this.platform = platform;
		this.jobs = jobs;
		this.creation = creation;
		this.activation = activation;
		this.clock = clock;
	}

	void capture(CaptureOrder order) {
		JobBytes bytes = null;
		try {
			if (this.creation.begin(order.jobId(), order.imageId(), order.recorded(), order.actor(), "capture")) {
				bytes = this.creation.bytesOf(order.imageId(), -1);
				run(order, bytes);
			}
		}
		catch (JobEnded ended) {
			log.info("Capture of ECS {} into image {} stopped: {}", order.serverId(), order.imageId(), ended.getMessage());
			if (bytes != null) {
				this.creation.killUnfinished(order.jobId(), order.imageId(), order.actor(), bytes);
			}
			else {
				this.creation.killUnfinished(order.jobId(), order.imageId(), order.actor());
			}
		}
	}

	private void run(CaptureOrder order, JobBytes bytes) {
		ImageId id = order.imageId();
		this.store.discardLeftovers(id.value(), Set.of());
		this.images.update(id, (current) -> current.startSaving(this.clock.instant()), order.actor())
			.block(STORE_TIMEOUT);
		try {
			ImageData data = captureData(order, bytes);
			if (this.activation.activate(id, data, order.actor(), bytes).isPresent()) {
				this.jobs.succeed(order.jobId(), Map.of("image_id", id.value()));
			}
			else {
				this.jobs.fail(order.jobId(), "IMG.0027", ImageActivation.withdrawn(id));
			}
		}
		catch (CaptureFailed failure) {
			log.info("Capture of ECS {} into image {} failed: {}", order.serverId(), id, failure.getMessage());
			this.creation.killUnfinished(order.jobId(), id, order.actor(), bytes);
			this.jobs.fail(order.jobId(), failure.code(), failure.getMessage());
		}
	}

	private ImageData captureData(CaptureOrder order, JobBytes bytes) {
		StagedFile staged = null;
		try {
			staged = export(order, bytes);
			DiskImageInfo info = this.qemuImg.info(staged.path());
			if (info.referencesOtherFiles()) {
				throw new CaptureFailed("IMG.0410", "The exported disk of ECS " + order.serverId()
						+ " references other files, so it cannot be stored as a standalone image.", null);
			}
			ImageData data = this.platform.publish(order.imageId(), staged, info.format(), info);
			this.jobs.phase(order.jobId(), 0.5, 0.9).done(1.0);
			return data;
		}
		catch (VmNotFound gone) {
			throw new CaptureFailed("IMG.0003", "ECS " + order.serverId() + " no longer exists.", gone);
		}
		catch (VmStateConflict conflict) {
			throw new CaptureFailed("Ecs.0406", conflict.getMessage(), conflict);
		}
		catch (ImportFailed failed) {
			throw new CaptureFailed(failed.code(), failed.getMessage(), failed);
		}
		catch (ImsException refused) {
			throw new CaptureFailed(refused.code(), refused.getMessage(), refused);
		}
		catch (QemuImgFailed failed) {
			throw new CaptureFailed("IMG.0411", "Inspecting the exported disk failed: " + failed.getMessage(), failed);
		}
		catch (DriverUnavailable | DriverFailure driver) {
			throw new CaptureFailed("IMG.0503", "The VMware Service could not export the disk of ECS "
					+ order.serverId() + ": " + driver.getMessage() + ". Try again later.", driver);
		}
		catch (IOException io) {
			throw new CaptureFailed("IMG.0507", "Storing the image data failed: " + io.getMessage(), io);
		}
		finally {
			if (staged != null) {
				this.store.discard(staged.path());
			}
		}
	}

	/**
	 * Streams the ECS's disk into staging; its bytes are reserved against the project's quota, and checked against
	 * the store's floor, before the first is written (the disk's size is known), and again if more arrive (ADR 38).
	 */
	private StagedFile export(CaptureOrder order, JobBytes bytes) throws IOException {
		try (ExportedDisk disk = this.compute.exportSystemDisk(order.serverId().value())) {
			JobReporter.Progress progress = this.jobs.phase(order.jobId(), 0.05, 0.5);
			long size = Math.max(1, disk.size());
			bytes.cover(Math.max(0, disk.size()));
			return this.store.stage(order.imageId().value(), disk.data(), Long.MAX_VALUE, (written) -> {
				bytes.cover(written);
				progress.done((double) written / size);
			});
		}
	}

}
