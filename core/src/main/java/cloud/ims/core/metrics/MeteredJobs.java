package cloud.ims.core.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobSummary;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.job.SubJobProgress;
import cloud.ims.core.job.SubJobResult;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

/**
 * Counts jobs where they change, whoever changes them (the gateway accepting, a worker ending, the watchdog timing
 * out): accepted on insert, finished with its duration on the transition that ended the job, sub-jobs on their first
 * outcome. A replay changes nothing, so it counts nothing.
 */
public final class MeteredJobs implements Jobs {

	private final Jobs jobs;

	private final JobMeters meters;

	public MeteredJobs(Jobs jobs, JobMeters meters) {
		this.jobs = jobs;
		this.meters = meters;
	}

	@Override
	public Mono<Job> insert(Job job) {
		return this.jobs.insert(job).doOnNext((inserted) -> this.meters.accepted(inserted.type()));
	}

	@Override
	public Mono<Job> update(JobId id, Function<Job, Optional<Job>> change) {
		// The store may apply the change more than once (compare-and-set retries): only the last attempt was stored.
		AtomicReference<Transition> last = new AtomicReference<>();
		Function<Job, Optional<Job>> observed = (current) -> {
			Optional<Job> changed = change.apply(current);
			last.set(changed.map((after) -> new Transition(current, after)).orElse(null));
			return changed;
		};
		return this.jobs.update(id, observed).doOnNext((stored) -> {
			Transition transition = last.get();
			if (transition != null) {
				count(transition);
			}
		});
	}

	@Override
	public Flux<SubJobProgress> recordSubJobs(JobId id, List<SubJobResult> results, Instant at) {
		return this.jobs.recordSubJobs(id, results, at).index().doOnNext((numbered) -> {
			SubJobProgress progress = numbered.getT2();
			if (progress.firstOutcome()) {
				this.meters.subJobFinished(progress.type(), results.get(numbered.getT1().intValue()).outcome().status());
			}
		}).map(Tuple2::getT2);
	}

	private void count(Transition transition) {
		Job before = transition.before();
		Job after = transition.after();
		for (int index = 0; index < Math.min(before.subJobs().size(), after.subJobs().size()); index++) {
			SubJob was = before.subJobs().get(index);
			SubJob is = after.subJobs().get(index);
			if (!was.status().isTerminal() && is.status().isTerminal()) {
				this.meters.subJobFinished(after.type(), is.status());
			}
		}
		Instant end = after.endTime();
		if (!before.status().isTerminal() && after.status().isTerminal() && end != null) {
			this.meters.finished(after.type(), after.status(), after.errorCode(),
					Duration.between(after.createdAt(), end));
		}
	}

	@Override
	public Mono<Job> find(JobId id) {
		return this.jobs.find(id);
	}

	@Override
	public Flux<Job> list(String projectId, @Nullable JobStatus status, @Nullable JobType type, @Nullable JobId marker,
			int limit) {
		return this.jobs.list(projectId, status, type, marker, limit);
	}

	@Override
	public Flux<Job> awaitingDispatch(Instant acceptedBefore, int limit) {
		return this.jobs.awaitingDispatch(acceptedBefore, limit);
	}

	@Override
	public Flux<JobSummary> summariesSince(Instant since) {
		return this.jobs.summariesSince(since);
	}

	@Override
	public Flux<Job> stalled(Instant changedBefore, int limit) {
		return this.jobs.stalled(changedBefore, limit);
	}

	private record Transition(Job before, Job after) {
	}

}
