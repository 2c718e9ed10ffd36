package cloud.ims.gateway.image;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.Jobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Follows one upload while its bytes arrive. At most once per interval, and only when bytes arrived since the last
 * time, it stores the job's progress: that is what a client polling the job sees, and what tells the watchdog that a
 * long upload is alive. Otherwise it reads the job, so that an upload whose job was ended meanwhile (the watchdog ends
 * one whose client stopped sending) is noticed and stopped even while no byte comes.
 */
final class UploadProgress {

	/** The bytes are the first 60 % of an upload's job, as they are of a web download's; validating is the rest. */
	static final double SHARE_OF_JOB = 0.6;

	/** The bytes are the whole of a glance-direct stage's job: its import is a job of its own. */
	static final double WHOLE_JOB = 1.0;

	/**
	 * The size at which an upload of unknown length (chunked, as the OpenStack tools send) counts as half received: a
	 * guess, so that its progress still moves with the bytes, slower and slower, without ever reaching the end.
	 */
	static final long HALF_WAY_WITHOUT_LENGTH = 1L << 30;

	private static final Logger log = LoggerFactory.getLogger(UploadProgress.class);

	private final Jobs jobs;

	private final Clock clock;

	private final JobId jobId;

	private final long declaredLength;

	private final double shareOfJob;

	private final AtomicLong received = new AtomicLong();

	private long lastReported;

	UploadProgress(Jobs jobs, Clock clock, JobId jobId, long declaredLength) {
		this(jobs, clock, jobId, declaredLength, SHARE_OF_JOB);
	}

	/** Follows bytes that make {@code shareOfJob} of their job. */
	UploadProgress(Jobs jobs, Clock clock, JobId jobId, long declaredLength, double shareOfJob) {
		this.jobs = jobs;
		this.clock = clock;
		this.jobId = jobId;
		this.declaredLength = declaredLength;
		this.shareOfJob = shareOfJob;
	}

	/** The bytes received so far; called for every chunk, it only notes the figure. */
	void received(long bytes) {
		this.received.set(bytes);
	}

	/**
	 * Reports every {@code interval} until the upload ends (the caller cancels), answering the job if it is found
	 * ended. A report that fails (MongoDB unreachable for a moment, say) is skipped; the next one tries again.
	 */
	Mono<Job> reportUntilJobEnded(Duration interval) {
		return Flux.interval(interval)
			.onBackpressureDrop()
			.concatMap((tick) -> report().onErrorResume((failure) -> {
				log.warn("Progress of upload job {} not recorded: {}", this.jobId, failure.toString());
				return Mono.empty();
			}))
			.filter((job) -> job.status().isTerminal())
			.next();
	}

	private Mono<Job> report() {
		long bytes = this.received.get();
		if (bytes == this.lastReported) {
			return this.jobs.find(this.jobId);
		}
		this.lastReported = bytes;
		double share = shareOfJob(bytes, this.declaredLength, this.shareOfJob);
		return this.jobs.update(this.jobId, (job) -> job.reportProgress(share, this.clock.instant()));
	}

	/** The job's progress once {@code bytes} of an upload arrived; {@code declaredLength} is -1 when unknown. */
	static double shareOfJob(long bytes, long declaredLength) {
		return shareOfJob(bytes, declaredLength, SHARE_OF_JOB);
	}

	/** The progress of a job whose bytes make {@code share} of it, once {@code bytes} of them arrived. */
	static double shareOfJob(long bytes, long declaredLength, double share) {
		double fraction = (declaredLength > 0) ? Math.min(1.0, (double) bytes / declaredLength)
				: (double) bytes / (bytes + HALF_WAY_WITHOUT_LENGTH);
		return share * fraction;
	}

}
