package cloud.ims.core.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.common.Actor;
import org.jspecify.annotations.Nullable;

/**
 * An accepted long operation and its outcome. A batch job has one {@link SubJob} per resource.
 * Transitions return the changed job, or empty when the job is already past that point, so that
 * a replayed message changes nothing.
 */
public record Job(JobId id, JobType type, Actor actor, JobStatus status, Instant createdAt,
		@Nullable Instant beginTime, @Nullable Instant endTime, @Nullable String errorCode,
		@Nullable String failReason, Map<String, String> entities, List<SubJob> subJobs, double progress,
		@Nullable OutboxMessage outbox, Instant updatedAt, int resumes, long version) {

	/** A job whose command is recorded later: an upload, whose command can only be written once its bytes are in. */
	public static Job awaitingCommand(JobId id, JobType type, Actor actor, Map<String, String> entities, Instant at) {
		return new Job(id, type, actor, JobStatus.INIT, at, null, null, null, null, Map.copyOf(entities), List.of(), 0.0,
				null, at, 0, 0);
	}

	public static Job accepted(JobId id, JobType type, Actor actor, Map<String, String> entities, List<SubJob> subJobs,
			@Nullable OutboxMessage command, Instant at) {
		return new Job(id, type, actor, JobStatus.INIT, at, null, null, null, null, Map.copyOf(entities),
				List.copyOf(subJobs), 0.0, command, at, 0, 0);
	}

	/** From 0.0 to 1.0: the share of finished sub-jobs for a batch, else the reported progress. */
	public double processPercent() {
		if (this.status.isTerminal()) {
			return 1.0;
		}
		if (this.subJobs.isEmpty()) {
			return this.progress;
		}
		return (double) finishedSubJobs() / this.subJobs.size();
	}

	public long finishedSubJobs() {
		return this.subJobs.stream().filter((subJob) -> subJob.status().isTerminal()).count();
	}

	public long succeededSubJobs() {
		return this.subJobs.stream().filter((subJob) -> subJob.status() == JobStatus.SUCCESS).count();
	}

	public boolean allSubJobsFinished() {
		return !this.subJobs.isEmpty() && finishedSubJobs() == this.subJobs.size();
	}

	/** Whether the job's command is still to be sent: never once the job has ended, which makes it moot. */
	public boolean awaitsDispatch() {
		return this.outbox != null && !this.outbox.dispatched() && !this.status.isTerminal();
	}

	public Optional<Job> start(Instant at) {
		if (this.status != JobStatus.INIT) {
			return Optional.empty();
		}
		return Optional.of(with(JobStatus.RUNNING, at, null, null, null, this.entities, this.progress, at));
	}

	/**
	 * Progress only moves forwards, but a report at or below it (an attempt that restarted after a crash or a
	 * redelivery, working its way back) is still activity: the job's last change moves, so that the watchdog does
	 * not take a working job for a stalled one. A report no later than the last change changes nothing.
	 */
	public Optional<Job> reportProgress(double fraction, Instant at) {
		if (this.status.isTerminal() || (fraction <= this.progress && !at.isAfter(this.updatedAt))) {
			return Optional.empty();
		}
		JobStatus running = JobStatus.RUNNING;
		Instant begin = (this.beginTime != null) ? this.beginTime : at;
		return Optional.of(with(running, begin, null, null, null, this.entities,
				Math.max(this.progress, Math.min(fraction, 1.0)), at));
	}

	public Optional<Job> succeed(Map<String, String> moreEntities, Instant at) {
		if (this.status.isTerminal()) {
			return Optional.empty();
		}
		Map<String, String> entities = new HashMap<>(this.entities);
		entities.putAll(moreEntities);
		return Optional.of(with(JobStatus.SUCCESS, beginOr(at), at, null, null, entities, 1.0, at));
	}

	public Optional<Job> fail(String code, String reason, Instant at) {
		if (this.status.isTerminal()) {
			return Optional.empty();
		}
		return Optional.of(with(JobStatus.FAIL, beginOr(at), at, code, reason, this.entities, this.progress, at));
	}

	/** Records the job's command once it is known; the outbox relay then makes sure it is sent. */
	public Optional<Job> attachCommand(OutboxMessage command) {
		if (this.outbox != null || this.status.isTerminal()) {
			return Optional.empty();
		}
		return Optional.of(new Job(this.id, this.type, this.actor, this.status, this.createdAt, this.beginTime,
				this.endTime, this.errorCode, this.failReason, this.entities, this.subJobs, this.progress, command,
				this.updatedAt, this.resumes, this.version));
	}

	public Optional<Job> dispatched() {
		if (!awaitsDispatch()) {
			return Optional.empty();
		}
		return Optional.of(new Job(this.id, this.type, this.actor, this.status, this.createdAt, this.beginTime,
				this.endTime, this.errorCode, this.failReason, this.entities, this.subJobs, this.progress,
				this.outbox.markDispatched(), this.updatedAt, this.resumes, this.version));
	}

	/** Records one sub-job's outcome; a sub-job that already has one keeps it. */
	public Optional<Job> finishSubJob(int index, SubJobOutcome outcome, Instant at) {
		SubJob current = this.subJobs.get(index);
		if (current.status().isTerminal()) {
			return Optional.empty();
		}
		List<SubJob> subJobs = new ArrayList<>(this.subJobs);
		subJobs.set(index, outcome.applyTo(current, at));
		JobStatus status = (this.status == JobStatus.INIT) ? JobStatus.RUNNING : this.status;
		return Optional.of(new Job(this.id, this.type, this.actor, status, this.createdAt, beginOr(at), this.endTime,
				this.errorCode, this.failReason, this.entities, List.copyOf(subJobs), this.progress, this.outbox, at,
				this.resumes, this.version));
	}

	/** The watchdog sent the job's command again because it made no progress; that counts as progress. */
	public Optional<Job> resumed(Instant at) {
		if (this.status.isTerminal()) {
			return Optional.empty();
		}
		return Optional.of(new Job(this.id, this.type, this.actor, this.status, this.createdAt, this.beginTime,
				this.endTime, this.errorCode, this.failReason, this.entities, this.subJobs, this.progress, this.outbox, at,
				this.resumes + 1, this.version));
	}

	/**
	 * Ends a job that stopped making progress: it fails with the reason, and so does every sub-job still open, so that
	 * nothing stays non-terminal.
	 */
	public Optional<Job> timedOut(String code, String reason, Instant at) {
		if (this.status.isTerminal()) {
			return Optional.empty();
		}
		List<SubJob> subJobs = this.subJobs.stream()
			.map((subJob) -> subJob.status().isTerminal() ? subJob : subJob.failed(code, reason, at))
			.toList();
		return Optional.of(new Job(this.id, this.type, this.actor, JobStatus.FAIL, this.createdAt, beginOr(at), at, code,
				reason, this.entities, subJobs, this.progress, this.outbox, at, this.resumes, this.version));
	}

	public Job withVersion(long version) {
		return new Job(this.id, this.type, this.actor, this.status, this.createdAt, this.beginTime, this.endTime,
				this.errorCode, this.failReason, this.entities, this.subJobs, this.progress, this.outbox,
				this.updatedAt, this.resumes, version);
	}

	private Instant beginOr(Instant at) {
		return (this.beginTime != null) ? this.beginTime : at;
	}

	private Job with(JobStatus status, Instant beginTime, @Nullable Instant endTime, @Nullable String errorCode,
			@Nullable String failReason, Map<String, String> entities, double progress, Instant at) {
		return new Job(this.id, this.type, this.actor, status, this.createdAt, beginTime, endTime, errorCode,
				failReason, Map.copyOf(entities), this.subJobs, progress, this.outbox, at, this.resumes, this.version);
	}

}
