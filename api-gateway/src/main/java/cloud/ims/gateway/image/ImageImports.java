package cloud.ims.gateway.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.OperatingSystem;
import cloud.ims.core.image.StagedData;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.imports.SourcePolicy;
import cloud.ims.core.imports.UrlImport;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.spring.ImportSettings;
import cloud.ims.core.store.Digests;
import cloud.ims.core.store.ImageStore;
import cloud.ims.core.store.ImageTooLarge;
import cloud.ims.core.store.StagedFile;
import cloud.ims.core.store.StagingSink;
import cloud.ims.gateway.job.CommandDispatcher;
import cloud.ims.gateway.security.Caller;
import cloud.ims.messages.ImportSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

/**
 * Accepts images from external files: a web download (Huawei's {@code image_url}, Glance's {@code web-download}
 * import), an upload streamed into the image store's staging area, or Glance's glance-direct import of data staged
 * the same way beforehand. Either way the image-worker validates, converts and stores the data under a job; here only
 * what can be checked up front is checked.
 */
@Component
public class ImageImports {

	private static final Logger log = LoggerFactory.getLogger(ImageImports.class);

	/** How often an upload's progress is stored at most: one write per interval, however many chunks arrive. */
	static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

	private final Images images;

	private final Jobs jobs;

	private final ImageAccess access;

	private final ImageQuotas quotas;

	private final OsVersionCatalogue osVersions;

	private final SourcePolicy sourcePolicy;

	private final ImageStore store;

	private final ImportSettings settings;

	private final CommandDispatcher dispatcher;

	private final ImportAdmission importAdmission;

	private final UploadStorage storage;

	private final Clock clock;

	ImageImports(Images images, Jobs jobs, ImageAccess access, ImageQuotas quotas, OsVersionCatalogue osVersions,
			SourcePolicy sourcePolicy, ImageStore store, ImportSettings settings, CommandDispatcher dispatcher,
			UploadStorage storage, Clock clock, ImportAdmission importAdmission) {
		this.images = images;
		this.jobs = jobs;
		this.access = access;
		this.quotas = quotas;
		this.osVersions = osVersions;
		this.sourcePolicy = sourcePolicy;
		this.store = store;
		this.settings = settings;
		this.dispatcher = dispatcher;
		this.storage = storage;
		this.clock = clock;
		this.importAdmission = importAdmission;
	}

	/** Huawei's create from {@code image_url}: a private image and the job that downloads it. */
	public Mono<JobId> fromUrl(Caller caller, UrlImport order) {
		String url = this.sourcePolicy.check(order.url()).toString();
		OperatingSystem os = (order.osVersion() != null) ? this.osVersions.require(order.osVersion()).operatingSystem()
				: OperatingSystem.unknown(order.osType());
		Instant now = this.clock.instant();
		JobId jobId = JobId.newId();
		ImageId imageId = ImageId.newId();
		Image image = order.draft().queued(imageId, caller.projectId(), order.minDisk(), os, "file," + url,
				(order.diskFormat() != null) ? Map.of("disk_format", order.diskFormat()) : Map.of(), jobId.value(), now);
		Job job = Job.accepted(jobId, JobType.IMPORT_IMAGE, caller.actor(), Map.of("image_id", imageId.value()),
				List.of(), ImageCommands.importImage(jobId, imageId, caller, ImportSource.WEB_DOWNLOAD, url, null,
						order.diskFormat(), order.minDisk(), order.expectedSha256(), image, now),
				now);
		return this.importAdmission.admit(caller)
			.then(this.storage.admit(caller.projectId(), -1))
			.then(this.quotas.reserving(caller.projectId(),
				this.jobs.insert(job).then(this.images.insertIfAbsent(image, caller.actor()))))
			.then(Mono.fromRunnable(() -> this.dispatcher.dispatchLater(job)))
			.thenReturn(jobId);
	}

	/** Glance's create: a queued image with metadata only, waiting for its data. */
	public Mono<Image> create(Caller caller, Image image) {
		return this.quotas.reserving(image.owner(), this.images.insertIfAbsent(image, caller.actor()))
			.flatMap((stored) -> stored.createdAt().equals(image.createdAt()) ? Mono.just(stored)
					: this.quotas.release(image.owner()).then(Mono.error(new ImsException(Kind.CONFLICT, "IMG.0099",
							"An image with id " + image.id() + " exists already. Leave out id to get a new one."))));
	}

	/**
	 * Glance's web-download import of a queued image. The job is recorded before the image is claimed for it: a crash
	 * between the two leaves the image-worker to claim it, and a claim refused fails the job at once.
	 */
	Mono<JobId> webDownload(Caller caller, String imageId, String uri) {
		String url = this.sourcePolicy.check(uri).toString();
		return this.importAdmission.admit(caller).then(this.access.visible(caller, imageId)).flatMap((image) -> {
			image.requireChangeableBy(caller.isAdmin());
			Instant now = this.clock.instant();
			JobId jobId = JobId.newId();
			image.assignJob(jobId.value(), now);
			Job job = Job.accepted(jobId, JobType.IMPORT_IMAGE, caller.actor(), Map.of("image_id", imageId), List.of(),
					ImageCommands.importImage(jobId, image.id(), caller, ImportSource.WEB_DOWNLOAD, url, null,
							image.properties().get("disk_format"), image.minDisk(), null, null, now),
					now);
			return this.storage.admit(image.owner(), -1)
				.then(this.jobs.insert(job))
				.then(claimed(job, caller, (current) -> current.assignJob(jobId.value(), now)))
				.doOnNext(this.dispatcher::dispatchLater)
				.map(Job::id);
		});
	}

	/**
	 * Glance's upload: streams the body into staging (hashing on the way), then hands it to the image-worker. The job
	 * exists from the start, and its progress moves with the bytes (which keeps the watchdog off a long upload that is
	 * still receiving). An upload that ends early or is too large fails its job and kills the image, and one whose job
	 * was ended meanwhile stops; no partial file is left. Only the body is tied to the connection: what is recorded
	 * about the upload is written even when the client goes away meanwhile.
	 */
	public Mono<JobId> upload(Caller caller, String imageId, Flux<DataBuffer> body, long declaredLength) {
		return this.access.visible(caller, imageId).flatMap((image) -> {
			image.requireChangeableBy(caller.isAdmin());
			Instant now = this.clock.instant();
			Job job = Job.awaitingCommand(JobId.newId(), JobType.UPLOAD_IMAGE, caller.actor(),
					Map.of("image_id", imageId), now);
			image.startUpload(job.id().value(), now);
			UploadProgress progress = new UploadProgress(this.jobs, this.clock, job.id(), declaredLength);
			UploadedBytes bytes = this.storage.open(image.owner());
			return this.storage.admit(image.owner(), declaredLength)
				.then(detached(this.jobs.insert(job)
				.then(claimed(job, caller, (current) -> current.startUpload(job.id().value(), now)))))
				.then(stageOrFail(caller, image, job, body, declaredLength, progress, bytes))
				.flatMap((staged) -> detached(this.jobs.update(job.id(), (current) -> current
					.attachCommand(ImageCommands.importImage(job.id(), image.id(), caller, ImportSource.UPLOAD, null,
							staged, image.properties().get("disk_format"), image.minDisk(), null, null,
							this.clock.instant()))
					.map((attached) -> attached.reportProgress(UploadProgress.SHARE_OF_JOB, this.clock.instant())
						.orElse(attached))))
					.flatMap((attached) -> attached.status().isTerminal() ? discardEnded(staged, attached, bytes)
							: Mono.just(attached))
					.doOnNext((attached) -> bytes.handOver())
					.doOnNext(this.dispatcher::dispatchLater))
				.map(Job::id);
		});
	}

	/**
	 * Glance's stage, the first half of a glance-direct import: streams the body into staging as an upload does (the
	 * same size limit, hashing, progress, failure handling, and no partial file left), under a job of its own that
	 * ends once the bytes are stored. The image then stays uploading, its staged data recorded in its document, until
	 * its import or its deletion; nothing times it out meanwhile.
	 */
	public Mono<JobId> stage(Caller caller, String imageId, Flux<DataBuffer> body, long declaredLength) {
		return this.access.visible(caller, imageId).flatMap((image) -> {
			image.requireChangeableBy(caller.isAdmin());
			Instant now = this.clock.instant();
			Job job = Job.awaitingCommand(JobId.newId(), JobType.UPLOAD_IMAGE, caller.actor(),
					Map.of("image_id", imageId), now);
			String jobId = job.id().value();
			image.startStaging(jobId, now);
			UploadProgress progress = new UploadProgress(this.jobs, this.clock, job.id(), declaredLength,
					UploadProgress.WHOLE_JOB);
			UploadedBytes bytes = this.storage.open(image.owner());
			return this.storage.admit(image.owner(), declaredLength)
				.then(detached(this.jobs.insert(job)
				.then(claimed(job, caller, (current) -> current.startStaging(jobId, now)))))
				.then(stageOrFail(caller, image, job, body, declaredLength, progress, bytes))
				.flatMap((staged) -> detached(recordStaged(caller, image.id(), job, staged, bytes)))
				.map(Job::id);
		});
	}

	/**
	 * Records the staged data in the image, then ends the stage's job. A job that was ended meanwhile (the watchdog
	 * timed it out as the last bytes arrived) takes the stage with it: what was staged goes and the image is killed,
	 * as an upload's would be.
	 */
	private Mono<Job> recordStaged(Caller caller, ImageId imageId, Job job, StagedFile staged, UploadedBytes bytes) {
		StagedData data = new StagedData(staged.path().getFileName().toString(), staged.digests().size(),
				staged.digests().sha256Hex(), staged.digests().md5Hex());
		return this.images
			.update(imageId, (current) -> current.finishStaging(job.id().value(), data, this.clock.instant()),
					caller.actor())
			// The image holds the staged bytes from now on (ADR 38); its kill or deletion gives them back.
			.doOnNext((recorded) -> bytes.handOver())
			.then(this.jobs.update(job.id(), (current) -> current.succeed(Map.of(), this.clock.instant())))
			.flatMap((ended) -> (ended.status() == JobStatus.SUCCESS) ? Mono.just(ended)
					: Mono.error(new UploadJobEnded(ended)))
			.onErrorResume((failure) -> bytes.release().then(abandonStage(caller, imageId, job, staged, failure)));
	}

	private Mono<Job> abandonStage(Caller caller, ImageId imageId, Job job, StagedFile staged, Throwable failure) {
		Instant now = this.clock.instant();
		String code = (failure instanceof ImsException refused) ? refused.code() : "IMG.0425";
		String reason = (failure instanceof ImsException refused) ? refused.getMessage()
				: "The staged data could not be recorded. Create a new image and stage its data again.";
		log.info("Stage of image {} abandoned: {}", imageId, failure.toString());
		return Mono.fromRunnable(() -> this.store.discard(staged.path()))
			.subscribeOn(Schedulers.boundedElastic())
			.then(this.images.transition(imageId,
					(current) -> job.id().value().equals(current.jobId()) ? current.kill(now) : Optional.empty(),
					caller.actor()))
			.filter(Image::releasesQuota)
			.flatMap(this.quotas::release)
			.then(this.jobs.update(job.id(), (current) -> current.fail(code, reason, now)))
			.flatMap((ended) -> Mono.error(new UploadJobEnded(ended).answer()));
	}

	/**
	 * Glance's glance-direct import: the image's staged data goes to the image-worker as an upload's does (format
	 * inspection, hashes, conversion, atomic store), under a job the client polls. As for a web download, the job is
	 * recorded before the image is claimed for it, and a claim refused fails the job at once.
	 */
	Mono<JobId> importStaged(Caller caller, String imageId) {
		return this.importAdmission.admit(caller).then(this.access.visible(caller, imageId)).flatMap((image) -> {
			image.requireChangeableBy(caller.isAdmin());
			Instant now = this.clock.instant();
			JobId jobId = JobId.newId();
			StagedData staged = image.importStaged(jobId.value(), now).map(Image::staged).orElseThrow();
			StagedFile file = new StagedFile(this.store.stagedFile(staged.file()),
					new Digests(staged.sha256(), staged.md5(), staged.size()));
			Job job = Job.accepted(jobId, JobType.IMPORT_IMAGE, caller.actor(), Map.of("image_id", imageId), List.of(),
					ImageCommands.importImage(jobId, image.id(), caller, ImportSource.UPLOAD, null, file,
							image.properties().get("disk_format"), image.minDisk(), null, null, now),
					now);
			return this.jobs.insert(job)
				.then(claimed(job, caller, (current) -> current.importStaged(jobId.value(), now)))
				.doOnNext(this.dispatcher::dispatchLater)
				.map(Job::id);
		});
	}

	/** The job ended while the last bytes arrived (the watchdog timed it out): what was staged goes too. */
	private Mono<Job> discardEnded(StagedFile staged, Job ended, UploadedBytes bytes) {
		return Mono.fromRunnable(() -> this.store.discard(staged.path()))
			.subscribeOn(Schedulers.boundedElastic())
			.then(bytes.release())
			.then(Mono.error(new UploadJobEnded(ended).answer()));
	}

	/**
	 * Stages the body while reporting its progress; a body that fails, a job that was ended meanwhile, or a connection
	 * that closes before the body ends, fails the upload once.
	 */
	private Mono<StagedFile> stageOrFail(Caller caller, Image image, Job job, Flux<DataBuffer> body,
			long declaredLength, UploadProgress progress, UploadedBytes bytes) {
		AtomicBoolean failed = new AtomicBoolean();
		Mono<StagedFile> jobEnded = progress.reportUntilJobEnded(PROGRESS_INTERVAL)
			.flatMap((ended) -> Mono.error(new UploadJobEnded(ended)));
		return Mono.firstWithSignal(stage(image, body, declaredLength, progress, bytes), jobEnded)
			.onErrorResume((failure) -> failed.compareAndSet(false, true) ? uploadFailed(caller, image, job, failure, bytes)
					: Mono.error(failure))
			.doFinally((signal) -> {
				if (signal == SignalType.CANCEL && failed.compareAndSet(false, true)) {
					uploadFailed(caller, image, job, new UploadEndedEarly(), bytes).subscribe(null, (answer) -> {
					});
				}
			});
	}

	private Mono<StagedFile> stage(Image image, Flux<DataBuffer> body, long declaredLength, UploadProgress progress,
			UploadedBytes bytes) {
		return Mono.usingWhen(Mono.fromCallable(() -> this.store.openStaging(image.id().value(), maxBytes(declaredLength)))
			.subscribeOn(Schedulers.boundedElastic()), (sink) -> body.publishOn(Schedulers.boundedElastic())
				.doOnNext((buffer) -> {
					admit(bytes, sink, buffer);
					write(sink, buffer);
					progress.received(sink.written());
				})
				.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
				.then(Mono.fromCallable(() -> {
					if (declaredLength >= 0 && sink.written() != declaredLength) {
						throw new UploadEndedEarly(sink.written(), declaredLength);
					}
					StagedFile staged = sink.finish();
					bytes.stored(sink.written());
					return staged;
				})), (sink) -> Mono.fromRunnable(sink::close), (sink, failure) -> Mono.fromRunnable(sink::abort),
				(sink) -> Mono.fromRunnable(sink::abort));
	}

	private long maxBytes(long declaredLength) {
		long limit = this.settings.maxSize().toBytes();
		if (declaredLength > limit) {
			throw new ImsException(Kind.TOO_LARGE, "IMG.0424", "The upload has " + declaredLength
					+ " bytes; images may have at most " + limit + " bytes.");
		}
		return limit;
	}

	/** Reserves the chunk's bytes before they are written; a refusal releases the chunk, which is not written. */
	private static void admit(UploadedBytes bytes, StagingSink sink, DataBuffer buffer) {
		try {
			bytes.arriving(sink.written() + buffer.readableByteCount());
		}
		catch (RuntimeException refused) {
			DataBufferUtils.release(buffer);
			throw refused;
		}
	}

	private static void write(StagingSink sink, DataBuffer buffer) {
		byte[] chunk = new byte[buffer.readableByteCount()];
		buffer.read(chunk);
		try {
			sink.write(chunk);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private Mono<StagedFile> uploadFailed(Caller caller, Image image, Job job, Throwable error, UploadedBytes bytes) {
		Throwable failure = (error instanceof UncheckedIOException io) ? io.getCause() : error;
		ImsException answer = (failure instanceof UploadJobEnded ended) ? ended.answer()
				: (failure instanceof ImageTooLarge) ? new ImsException(Kind.TOO_LARGE, "IMG.0424",
				"The upload is larger than the " + this.settings.maxSize().toBytes() + " bytes an image may have.")
				: (failure instanceof ImsException ims) ? ims
						: new ImsException(Kind.INVALID, "IMG.0425", "The upload ended early: "
								+ ((failure instanceof UploadEndedEarly early) ? early.getMessage()
										: "the connection closed before the whole file arrived")
								+ ". Upload the image again.");
		log.info("Upload of image {} failed: {}", image.id(), failure.toString());
		Instant now = this.clock.instant();
		return detached(bytes.release()
			.then(this.images.transition(image.id(), (current) -> current.kill(now), caller.actor()))
			.filter(Image::releasesQuota)
			.flatMap(this.quotas::release)
			.then(this.jobs.update(job.id(), (current) -> current.fail(answer.code(), answer.getMessage(), now))))
			.then(Mono.error(answer));
	}

	/** Runs the writes to completion even if the request is cancelled, which happens when its connection closes. */
	private static <T> Mono<T> detached(Mono<T> writes) {
		return Mono.fromFuture(writes::toFuture, true);
	}

	/** Claims the job's image for it; a claim refused (another job came first) fails the job with the refusal. */
	private Mono<Job> claimed(Job job, Caller caller, Function<Image, Optional<Image>> claim) {
		ImageId imageId = new ImageId(job.entities().get("image_id"));
		return this.images.update(imageId, claim, caller.actor())
			.thenReturn(job)
			.onErrorResume(ImsException.class, (refused) -> this.jobs
				.update(job.id(), (current) -> current.fail(refused.code(), refused.getMessage(), this.clock.instant()))
				.then(Mono.error(refused)));
	}

	/** The upload's job was ended while its bytes were still arriving. */
	static final class UploadJobEnded extends RuntimeException {

		private final Job job;

		UploadJobEnded(Job job) {
			super("job " + job.id() + " ended: " + job.failReason(), null, false, false);
			this.job = job;
		}

		/** The job's own error, so that the client reads why as the job's poller does. */
		ImsException answer() {
			return new ImsException(Kind.CONFLICT, (this.job.errorCode() != null) ? this.job.errorCode() : "IMG.0425",
					"The upload's job ended before the upload did: " + this.job.failReason());
		}

	}

	/** The body ended before the number of bytes its Content-Length announced. */
	static final class UploadEndedEarly extends RuntimeException {

		UploadEndedEarly(long received, long announced) {
			super("received " + received + " of the " + announced + " bytes announced", null, false, false);
		}

		UploadEndedEarly() {
			super("the connection closed before the whole file arrived", null, false, false);
		}

	}

}
