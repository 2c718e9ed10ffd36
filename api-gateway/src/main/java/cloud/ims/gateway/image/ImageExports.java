package cloud.ims.gateway.image;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.Ids;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.export.ExportFormat;
import cloud.ims.core.imports.SourcePolicy;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.store.ImageStore;
import cloud.ims.core.store.StoredExport;
import cloud.ims.gateway.job.CommandDispatcher;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Exports images (Huawei's ExportImage): the gateway checks the request and the image, records the job with its
 * command and hands it to the image-worker, which converts and delivers the file. An export kept in the image store
 * is the job's project's to download, by the path the job names, until the job's {@code expires_at}.
 */
@Component
class ImageExports {

	private final ImageAccess access;

	private final Jobs jobs;

	private final SourcePolicy sourcePolicy;

	private final ImageStore store;

	private final CommandDispatcher dispatcher;

	private final Clock clock;

	private final UploadStorage storage;

	ImageExports(ImageAccess access, Jobs jobs, SourcePolicy sourcePolicy, ImageStore store,
			CommandDispatcher dispatcher, UploadStorage storage, Clock clock) {
		this.storage = storage;
		this.access = access;
		this.jobs = jobs;
		this.sourcePolicy = sourcePolicy;
		this.store = store;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	Mono<JobId> export(Caller caller, String imageId, ExportImageRequest request) {
		ExportImageRequest.Checked checked = request.checked(this.sourcePolicy);
		return this.access.visible(caller, imageId).flatMap((image) -> {
			image.requireExportableBy(caller.projectId());
			ExportFormat format = checked.quick() ? ExportFormat.asStored(image.data().diskFormat(), checked.format())
					: checked.format();
			Instant now = this.clock.instant();
			JobId jobId = JobId.newId();
			Job job = Job.accepted(jobId, JobType.EXPORT_IMAGE, caller.actor(),
					Map.of("image_id", image.id().value(), "file_format", format.wireName()), List.of(),
					ImageCommands.exportImage(jobId, image.id(), format, checked.quick(), checked.bucketUrl(), caller,
							now),
					now);
			// A file kept in the store counts against the project's bytes until it expires (ADR 38).
			Mono<Void> admitted = (checked.bucketUrl() == null)
					? this.storage.admit(caller.projectId(), image.data().size()) : Mono.empty();
			return admitted.then(this.jobs.insert(job)).doOnNext(this.dispatcher::dispatchLater).map(Job::id);
		});
	}

	/**
	 * The file of an export kept in the image store, for the project whose job made it, while it is kept; any other
	 * export is not found, so that ids cannot be probed.
	 */
	Mono<Download> download(Caller caller, String imageId, String jobId) {
		Mono<Download> missing = Mono.error(() -> new ImsException(Kind.NOT_FOUND, "IMG.0626", "Image " + imageId
				+ " has no export " + jobId + " to download: the job is not an export of this image kept in the image "
				+ "store, has not succeeded (yet), or its file was removed after its retention time. Export again."));
		if (!Ids.isWellFormed(jobId)) {
			return missing;
		}
		return this.jobs.findInProject(new JobId(jobId), caller.projectId())
			.filter((job) -> job.type() == JobType.EXPORT_IMAGE && job.status() == JobStatus.SUCCESS
					&& imageId.equals(job.entities().get("image_id")) && job.entities().containsKey("export_path")
					&& !expired(job))
			.flatMap((job) -> Mono.fromCallable(() -> this.store.findExport(jobId))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap(Mono::justOrEmpty)
				.map((file) -> new Download(job, file)))
			.switchIfEmpty(missing);
	}

	private boolean expired(Job job) {
		try {
			return !Instant.parse(job.entities().getOrDefault("expires_at", "")).isAfter(this.clock.instant());
		}
		catch (DateTimeParseException malformed) {
			return true;
		}
	}

	/** An export's file and the job that made it, which holds its digest and name. */
	record Download(Job job, StoredExport file) {

		String sha256() {
			return this.job.entities().get("sha256");
		}

		String fileName() {
			return this.job.entities().getOrDefault("file_name", this.file.path().getFileName().toString());
		}

	}

}
