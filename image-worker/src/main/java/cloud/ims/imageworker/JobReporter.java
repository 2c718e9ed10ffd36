package cloud.ims.imageworker;

import java.time.Instant;
import java.util.Map;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.messaging.JobChanges;
import org.springframework.stereotype.Component;

/**
 * Moves an image job through its life and publishes each change. Progress is stored in steps of at least
 * five percent, so that a large image costs a handful of writes, not one per megabyte. Starting or reporting on a
 * job that ended meanwhile (the watchdog timed it out) throws {@link JobEnded}, so that its work stops.
 */
@Component
class JobReporter {

	private static final double STEP = 0.05;

	private final JobChanges changes;

	JobReporter(JobChanges changes) {
		this.changes = changes;
	}

	/** Starts the job; a job already running (an attempt after a crash or a redelivery) is marked active again. */
	Job start(JobId id) {
		Job job = this.changes.apply(id, (current) -> current.start(now()).or(() -> current.reportProgress(0.0, now())));
		requireOpen(job);
		return job;
	}

	/** A reporter of progress within a phase, from {@code from} to {@code to} of the whole job. */
	Progress phase(JobId id, double from, double to) {
		return new Progress(id, from, to);
	}

	Job succeed(JobId id, Map<String, String> entities) {
		return this.changes.apply(id, (job) -> job.succeed(entities, now()));
	}

	Job fail(JobId id, String code, String reason) {
		return this.changes.apply(id, (job) -> job.fail(code, reason, now()));
	}

	private static void requireOpen(Job job) {
		if (job.status().isTerminal()) {
			throw new JobEnded(job);
		}
	}

	private Instant now() {
		return this.changes.clock().instant();
	}

	/** Reports the fraction done of one phase. */
	final class Progress {

		private final JobId id;

		private final double from;

		private final double to;

		private double reported;

		Progress(JobId id, double from, double to) {
			this.id = id;
			this.from = from;
			this.to = to;
			this.reported = from;
		}

		void done(double fraction) {
			double overall = this.from + (this.to - this.from) * Math.min(1.0, Math.max(0.0, fraction));
			if (overall - this.reported >= STEP || (fraction >= 1.0 && overall > this.reported)) {
				this.reported = overall;
				requireOpen(JobReporter.this.changes.apply(this.id, (job) -> job.reportProgress(overall, now())));
			}
		}

	}

}
