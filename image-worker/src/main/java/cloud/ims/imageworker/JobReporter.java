package cloud.ims.imageworker;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.Jobs;
import cloud.ims.messaging.StatusEvents;
import org.springframework.stereotype.Component;

/**
 * Moves an image job through its life and publishes each change. Progress is stored in steps of at least
 * five percent, so that a large image costs a handful of writes, not one per megabyte.
 */
@Component
class JobReporter {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private static final double STEP = 0.05;

	private final Jobs jobs;

	private final StatusEvents events;

	private final Clock clock;

	JobReporter(Jobs jobs, StatusEvents events, Clock clock) {
		this.jobs = jobs;
		this.events = events;
		this.clock = clock;
	}

	Job start(JobId id) {
		return publish(this.jobs.update(id, (job) -> job.start(this.clock.instant())).block(STORE_TIMEOUT));
	}

	/** A reporter of progress within a phase, from {@code from} to {@code to} of the whole job. */
	Progress phase(JobId id, double from, double to) {
		return new Progress(id, from, to);
	}

	Job succeed(JobId id, Map<String, String> entities) {
		return publish(this.jobs.update(id, (job) -> job.succeed(entities, this.clock.instant())).block(STORE_TIMEOUT));
	}

	Job fail(JobId id, String code, String reason) {
		return publish(this.jobs.update(id, (job) -> job.fail(code, reason, this.clock.instant())).block(STORE_TIMEOUT));
	}

	private Job publish(Job job) {
		this.events.jobChanged(job);
		return job;
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
				publish(JobReporter.this.jobs
					.update(this.id, (job) -> job.reportProgress(overall, JobReporter.this.clock.instant()))
					.block(STORE_TIMEOUT));
			}
		}

	}

}
