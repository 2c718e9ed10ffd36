package cloud.ims.core.job;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The jobs of every project. Each change is one atomic compare-and-set on the job's version.
 */
public interface Jobs {

	Mono<Job> insert(Job job);

	Mono<Job> find(JobId id);

	/** A job of that project; empty for another project's job, so that ids cannot be probed. */
	default Mono<Job> findInProject(JobId id, String projectId) {
		return find(id).filter((job) -> job.actor().projectId().equals(projectId));
	}

	/** The project's jobs, newest first, after {@code marker} when given. */
	Flux<Job> list(String projectId, @Nullable JobStatus status, @Nullable JobType type, @Nullable JobId marker,
			int limit);

	/** Jobs whose command is not yet confirmed sent and that were accepted before the given time. */
	Flux<Job> awaitingDispatch(Instant acceptedBefore, int limit);

	/**
	 * Records one sub-job's outcome with a single targeted update: no read, no compare-and-set to retry, so that the
	 * outcomes of a large batch arriving at once do not contend for the job. Idempotent: an outcome is derived from the
	 * resource's state, so a replay writes the same values again.
	 */
	Mono<SubJobProgress> recordSubJob(JobId id, int index, SubJobOutcome outcome, Instant at);

	/**
	 * Summaries of the jobs of every project that were accepted or ended at or after {@code since}, and of every job
	 * still open: what the operations view counts.
	 */
	Flux<JobSummary> summariesSince(Instant since);

	/** Jobs still open that were last changed before the given time: candidates for the watchdog. */
	Flux<Job> stalled(Instant changedBefore, int limit);

	/**
	 * Applies a transition: {@code change} gets the current job and answers the changed one, or empty when there is
	 * nothing to do (a replay). Returns the job as stored afterwards; retries on a concurrent change.
	 */
	Mono<Job> update(JobId id, Function<Job, Optional<Job>> change);

}
