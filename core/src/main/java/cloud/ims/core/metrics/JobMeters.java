package cloud.ims.core.metrics;

import java.time.Duration;

import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The job meters, with tags of bounded cardinality: the job type (a fixed set), the outcome, and the error code
 * (a fixed catalogue, {@code none} for a success).
 */
public final class JobMeters {

	/** Buckets of the job duration histogram: jobs take from a second (an ECS) to hours (a large import). */
	private static final Duration[] DURATION_BUCKETS = { Duration.ofMillis(500), Duration.ofSeconds(1),
			Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
			Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
			Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6) };

	private final MeterRegistry registry;

	public JobMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	void accepted(JobType type) {
		Counter.builder("ims.jobs.accepted")
			.description("Jobs accepted")
			.tag("type", type.wireName())
			.register(this.registry)
			.increment();
	}

	void finished(JobType type, JobStatus outcome, @Nullable String errorCode, Duration duration) {
		Counter.builder("ims.jobs.finished")
			.description("Jobs that ended, by outcome and error code")
			.tag("type", type.wireName())
			.tag("outcome", outcome.name())
			.tag("error_code", (errorCode != null) ? errorCode : "none")
			.register(this.registry)
			.increment();
		Timer.builder("ims.job.duration")
			.description("Time from a job's acceptance to its end")
			.tag("type", type.wireName())
			.tag("outcome", outcome.name())
			.serviceLevelObjectives(DURATION_BUCKETS)
			.register(this.registry)
			.record(duration);
	}

	void subJobFinished(JobType type, JobStatus outcome) {
		Counter.builder("ims.subjobs.finished")
			.description("Sub-jobs (one per ECS of a batch) that ended, by outcome")
			.tag("type", type.wireName())
			.tag("outcome", outcome.name())
			.register(this.registry)
			.increment();
	}

}
