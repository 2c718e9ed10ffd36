package cloud.ims.gateway.job;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.Ids;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.StagedData;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.quota.ComputeUsage;
import cloud.ims.core.quota.ImageBytes;
import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.core.server.Fault;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.Servers;
import cloud.ims.core.store.ImageStore;
import cloud.ims.gateway.web.StoreOutages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes sure no job stays open forever. A job that made no progress for the stall timeout has its command sent again
 * (every consumer is idempotent, so work already done is not done twice); after the configured number of resumes it
 * ends in FAIL with a reason that says what timed out, and what it was making is settled: an image still being
 * created is killed and an ECS still in BUILD goes to ERROR, each releasing its quota. Any gateway instance may run
 * it; every change is a compare-and-set.
 */
@Component
class JobWatchdog {

	static final String TIMED_OUT = "IMS.0408";

	/** The user IMS names as the actor of what the watchdog changes. */
	static final String ACTOR = "ims-watchdog";

	private static final Logger log = LoggerFactory.getLogger(JobWatchdog.class);

	private final Jobs jobs;

	private final Images images;

	private final Servers servers;

	private final ProjectQuotas quotas;

	private final CommandDispatcher dispatcher;

	private final ImageStore store;

	private final WatchdogSettings settings;

	private final Clock clock;

	JobWatchdog(Jobs jobs, Images images, Servers servers, ProjectQuotas quotas, CommandDispatcher dispatcher,
			ImageStore store, WatchdogSettings settings, Clock clock) {
		this.jobs = jobs;
		this.images = images;
		this.servers = servers;
		this.quotas = quotas;
		this.dispatcher = dispatcher;
		this.store = store;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${ims.watchdog.interval:30s}", initialDelayString = "${ims.watchdog.interval:30s}")
	void watch() {
		Instant now = this.clock.instant();
		try {
			this.jobs.stalled(now.minus(this.settings.stallTimeout()), this.settings.batchSize())
				.filter((job) -> !job.awaitsDispatch())
				.concatMap((job) -> (job.outbox() != null && job.resumes() < this.settings.maxResumes()) ? resume(job)
						: timeOut(job))
				.onErrorContinue((failure, job) -> log.warn("Watchdog could not settle job {}: {}", job,
						failure.toString()))
				.then()
				.block(Duration.ofMinutes(5));
		}
		catch (RuntimeException failure) {
			if (!StoreOutages.isOutage(failure)) {
				throw failure;
			}
			// Expected while MongoDB is down: one line per round, and the next round looks again.
			log.warn("Watchdog skipped a round: MongoDB unreachable ({})", failure.getClass().getSimpleName());
		}
	}

	private Mono<Job> resume(Job job) {
		log.info("Job {} ({}) made no progress for {}; sending its command again", job.id(), job.type().wireName(),
				this.settings.stallTimeout());
		return this.dispatcher.resend(job).then(this.jobs.update(job.id(), (current) -> current.resumed(this.clock.instant())));
	}

	private Mono<Job> timeOut(Job job) {
		String reason = receivingUpload(job)
				? "Timed out: the upload received no data for " + this.settings.stallTimeout().toSeconds()
						+ " s. Upload the image again."
				: "Timed out: job " + job.type().wireName() + " made no progress for "
						+ this.settings.stallTimeout().toSeconds() + " s" + ((job.resumes() > 0) ? " (resumed "
								+ job.resumes() + " time(s) without effect)" : "")
						+ ". Retry the operation; if it fails again, contact the operators.";
		log.warn("Job {} ended by the watchdog: {}", job.id(), reason);
		return this.jobs.update(job.id(), (current) -> current.timedOut(TIMED_OUT, reason, this.clock.instant()))
			.flatMap((ended) -> settleImage(ended, reason).then(settleServers(ended, reason)).thenReturn(ended));
	}

	/** An upload still receiving its bytes: the gateway stores its progress with them, so only a silent one stalls. */
	private static boolean receivingUpload(Job job) {
		return job.type() == JobType.UPLOAD_IMAGE && job.outbox() == null;
	}

	private Mono<Void> settleImage(Job job, String reason) {
		String imageId = job.entities().get("image_id");
		if (imageId == null || !Ids.isWellFormed(imageId) || !job.type().wireName().startsWith("ims")) {
			return Mono.empty();
		}
		ImageId id = new ImageId(imageId);
		// What the ended job staged is removed too (an upload cut off by a crash leaves a partial file nobody
		// resumes), unless another job makes the image now: an upload the ended job never got to claim, retried.
		return this.images.transition(id, (image) -> image.killUnfinished(job.id().value(), this.clock.instant()),
				actor(job))
			.filter(Image::releasesQuota)
			.flatMap((killed) -> this.quotas.update(killed.after().owner(),
					(quota) -> quota.releaseImage(ImageBytes.heldBy(killed.before()))))
			.then(this.images.find(id))
			.filter((image) -> !image.isBeingCreated())
			.flatMap((settled) -> Mono.fromRunnable(() -> this.store.discardLeftovers(imageId, keptStaged(settled))));
	}

	/** The data a glance-direct stage left for the image's import stays: Glance keeps it until the import or delete. */
	private Set<Path> keptStaged(Image image) {
		StagedData staged = image.staged();
		return (staged != null && image.keepsStaged(staged.file())) ? Set.of(this.store.stagedFile(staged.file()))
				: Set.of();
	}

	private Mono<Void> settleServers(Job job, String reason) {
		return Flux.fromIterable(job.subJobs())
			.map((subJob) -> subJob.entities().get("server_id"))
			.filter((id) -> id != null && Ids.isWellFormed(id))
			.concatMap((id) -> this.servers.transition(new ServerId(id),
					(server) -> server.failed(new Fault(TIMED_OUT, reason), this.clock.instant()), actor(job)))
			.concatMap((failed) -> release(failed.before()))
			.then();
	}

	/** The watchdog acts for the job's project, in the request's trace, under a name of its own. */
	private static Actor actor(Job job) {
		return new Actor(job.actor().projectId(), ACTOR, job.actor().correlationId());
	}

	private Mono<ProjectQuota> release(Server server) {
		ComputeUsage held = ComputeUsage.of(1, server.flavor().vcpus(), server.flavor().ramMb());
		return this.quotas.update(server.projectId(), (quota) -> quota.releaseCompute(held));
	}

}
