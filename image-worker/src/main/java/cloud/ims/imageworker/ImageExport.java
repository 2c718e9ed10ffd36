package cloud.ims.imageworker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import cloud.ims.core.export.ExportFormat;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.qemu.QemuImg;
import cloud.ims.core.qemu.QemuImgFailed;
import cloud.ims.core.store.ImageStore;
import cloud.ims.core.store.StoredExport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Exports an active image's data as a file (Huawei's ExportImage): converts the stored VMDK to the format asked for
 * with qemu-img, its progress moving the job from 0 to 0.9, or hands the data out as stored for a quick export; then
 * keeps the file in the image store under the job's id for the retention time, or PUTs it to the URL given. The job
 * ends with the file's size and SHA-256 and where to get it. A replayed command redoes the work (the conversion of an
 * earlier attempt is discarded first); a job that ended meanwhile stops it, and a finished job leaves no work file.
 */
@Component
class ImageExport {

	private static final Logger log = LoggerFactory.getLogger(ImageExport.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	/** The share of the job a conversion takes; the rest is publishing or uploading the file. */
	private static final double CONVERSION = 0.9;

	/** Bytes handed to the digest at once: they stay in the CPU's cache between the copy and the digest. */
	private static final int HASH_CHUNK = 64 * 1024;

	private static final long MAPPED_WINDOW = 256L * 1024 * 1024;

	private final Images images;

	private final ImageStore store;

	private final QemuImg qemuImg;

	private final BucketUpload bucket;

	private final ExportSettings settings;

	private final JobReporter jobs;

	private final JobStorage storage;

	ImageExport(Images images, ImageStore store, QemuImg qemuImg, BucketUpload bucket, ExportSettings settings,
			JobReporter jobs, JobStorage storage) {
		this.storage = storage;
		this.images = images;
		this.store = store;
		this.qemuImg = qemuImg;
		this.bucket = bucket;
		this.settings = settings;
		this.jobs = jobs;
	}

	void export(ExportOrder order) {
		Path work = null;
		try {
			this.jobs.start(order.jobId());
			this.store.discardLeftovers(order.jobId().value(), Set.of());
			Image image = exportable(order);
			ImageData data = image.data();
			ExportFormat format = order.format();
			String fileName = image.id() + "." + format.wireName();
			Path stored = this.store.localPath(image.id().value())
				.orElseThrow(() -> new ExportFailed("IMG.0507", "The data of image " + image.id()
						+ " is missing from the image store; contact the operators."));
			Path file = stored;
			long started = System.nanoTime();
			if (!order.quick()) {
				this.storage.requireRoomFor(data.size(), ExportFailed::new);
				work = this.store.newWorkFile(order.jobId().value() + "." + format.wireName());
				convert(order, data, stored, work);
				file = work;
			}
			long converted = System.nanoTime();
			Map<String, String> entities = (order.bucketUrl() != null)
					? upload(order, file, order.quick() ? 0.0 : CONVERSION)
					: keep(order, image, fileName, work, order.quick() ? data.sha256() : null);
			this.jobs.succeed(order.jobId(), entities);
			log.info("Export {} of image {} as {}: {} bytes, converted in {} ms, {} in {} ms", order.jobId(),
					order.imageId(), format.wireName(), entities.get("size"), (converted - started) / 1_000_000,
					(order.bucketUrl() != null) ? "uploaded" : "hashed, flushed and published",
					(System.nanoTime() - converted) / 1_000_000);
		}
		catch (ExportFailed failed) {
			log.info("Export {} of image {} failed: {} {}", order.jobId(), order.imageId(), failed.code(),
					failed.getMessage());
			this.jobs.fail(order.jobId(), failed.code(), failed.getMessage());
		}
		catch (JobEnded ended) {
			log.info("Export {} of image {} stopped: {}", order.jobId(), order.imageId(), ended.getMessage());
			// A redelivery after the watchdog ended the job of a worker that died: what it left goes too.
			this.store.discardLeftovers(order.jobId().value(), Set.of());
		}
		finally {
			if (work != null) {
				this.store.discard(work);
			}
		}
	}

	/** The image, if it is active; an export that this worker cannot make fails here too. */
	private Image exportable(ExportOrder order) {
		if (order.format() == null) {
			throw new ExportFailed("IMG.0620", "This image-worker does not know the export format asked for; export "
					+ "as qcow2, vmdk, vhd or raw.");
		}
		Image image = this.images.find(order.imageId()).block(STORE_TIMEOUT);
		if (image == null || image.status() != ImageStatus.ACTIVE || image.data() == null) {
			throw new ExportFailed("IMG.0622", "Image " + order.imageId() + " is "
					+ ((image != null) ? image.status().wireName() : "gone")
					+ " now; only active images can be exported.");
		}
		return image;
	}

	private void convert(ExportOrder order, ImageData data, Path stored, Path work) {
		JobReporter.Progress progress = this.jobs.phase(order.jobId(), 0.0, CONVERSION);
		ExportFormat format = order.format();
		try {
			this.qemuImg.convert(stored, data.diskFormat().equals("iso") ? "raw" : data.diskFormat(), work,
					format.qemuName(), format.options(), progress::done);
		}
		catch (QemuImgFailed failed) {
			throw new ExportFailed("IMG.0624", "Converting image " + order.imageId() + " to " + format.wireName()
					+ " failed: " + failed.getMessage());
		}
	}

	/**
	 * Keeps the file in the image store under the job's id. A converted file is hashed while the store flushes it to
	 * disk, so that the digest's reading and the disk's writing overlap; a quick export's SHA-256 is the image's.
	 */
	private Map<String, String> keep(ExportOrder order, Image image, String fileName, @Nullable Path work,
			@Nullable String knownSha256) {
		String jobId = order.jobId().value();
		// The kept file counts against the project's bytes until the sweep removes it (ADR 38); refused, it is not kept.
		long size = (work != null) ? size(work) : image.data().size();
		this.storage.reserveExactly(order.actor().projectId(), size, ExportFailed::new);
		try {
			StoredExport export;
			String sha256;
			if (work == null) {
				export = this.store.shareAsExport(image.id().value(), jobId, fileName);
				sha256 = knownSha256;
			}
			else {
				FileChannel channel = FileChannel.open(work, StandardOpenOption.READ);
				// A thread of its own: the digest reads the whole file, which must not hold a pooled thread.
				CompletableFuture<String> hashing = CompletableFuture.supplyAsync(() -> sha256(channel),
						(task) -> new Thread(task, "export-digest-" + jobId).start());
				try {
					export = this.store.putExport(jobId, fileName, work);
					sha256 = hashing.join();
				}
				finally {
					channel.close();
				}
			}
			Map<String, String> entities = entities(order, export.size(), sha256);
			entities.put("export_path", "/v1/cloudimages/" + order.imageId() + "/exports/" + jobId);
			entities.put("file_name", fileName);
			entities.put("expires_at",
					export.publishedAt().plus(this.settings.retention()).truncatedTo(ChronoUnit.SECONDS).toString());
			return entities;
		}
		catch (NoSuchFileException gone) {
			this.storage.release(order.actor().projectId(), size);
			throw new ExportFailed("IMG.0622", "Image " + order.imageId()
					+ " was deleted during its export; only active images can be exported.");
		}
		catch (IOException | UncheckedIOException | CompletionException failure) {
			this.storage.release(order.actor().projectId(), size);
			throw new ExportFailed("IMG.0507", "Storing the export failed: " + failure.getMessage());
		}
	}

	private Map<String, String> upload(ExportOrder order, Path file, double from) {
		JobReporter.Progress progress = this.jobs.phase(order.jobId(), from, 1.0);
		String sha256 = this.bucket.put(order.bucketUrl(), file, progress::done);
		Map<String, String> entities = entities(order, size(file), sha256);
		entities.put("bucket_url", BucketUpload.withoutQuery(order.bucketUrl()));
		return entities;
	}

	private static Map<String, String> entities(ExportOrder order, long size, String sha256) {
		Map<String, String> entities = new LinkedHashMap<>();
		entities.put("image_id", order.imageId().value());
		entities.put("file_format", order.format().wireName());
		entities.put("size", Long.toString(size));
		entities.put("sha256", sha256);
		return entities;
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new ExportFailed("IMG.0507", "The exported file is gone: " + ex.getMessage());
		}
	}

	/**
	 * The SHA-256 of what the channel holds, whatever becomes of the file's name meanwhile. The file is mapped rather
	 * than read: a read copies each byte from the page cache into a buffer first, which cost a second per 2 GiB here
	 * (2.8 s against 1.8 s for the digest of a 2 GiB export just written).
	 */
	private static String sha256(FileChannel channel) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] chunk = new byte[HASH_CHUNK];
			long size = channel.size();
			for (long position = 0; position < size; position += MAPPED_WINDOW) {
				MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, position,
						Math.min(MAPPED_WINDOW, size - position));
				while (window.hasRemaining()) {
					int length = Math.min(chunk.length, window.remaining());
					window.get(chunk, 0, length);
					digest.update(chunk, 0, length);
				}
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
