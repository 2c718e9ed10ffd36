package cloud.ims.core.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import cloud.ims.core.common.Actor;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.mongo.MongoJobs;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeteredJobsTests {

	private static final Instant ACCEPTED = Instant.parse("2026-11-27T21:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private MongoServer server;

	private MongoClient client;

	private MeteredJobs jobs;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.jobs = new MeteredJobs(new MongoJobs(this.client.getDatabase("ims"), new TextChangeEvents()), new JobMeters(this.registry));
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void countsAcceptedJobsByType() {
		this.jobs.insert(aJob(JobType.DELETE_IMAGE, 0)).block();
		this.jobs.insert(aJob(JobType.DELETE_IMAGE, 0)).block();
		this.jobs.insert(aJob(JobType.CREATE_SERVER, 2)).block();

		assertThat(this.registry.get("ims.jobs.accepted").tag("type", "imsDeleteImageJob").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("ims.jobs.accepted").tag("type", "createServer").counter().count()).isEqualTo(1);
	}

	@Test
	void countsTheTransitionThatEndsAJobOnceWithItsDurationButNotItsReplay() {
		Job job = this.jobs.insert(aJob(JobType.DELETE_IMAGE, 0)).block();

		this.jobs.update(job.id(), (current) -> current.start(ACCEPTED.plusSeconds(1))).block();
		this.jobs.update(job.id(), (current) -> current.fail("IMG.0500", "disk gone", ACCEPTED.plusSeconds(12))).block();
		this.jobs.update(job.id(), (current) -> current.fail("IMG.0500", "disk gone", ACCEPTED.plusSeconds(20))).block();

		assertThat(this.registry.get("ims.jobs.finished").tags("type", "imsDeleteImageJob", "outcome", "FAIL",
				"error_code", "IMG.0500").counter().count()).isEqualTo(1);
		assertThat(this.registry.find("ims.jobs.finished").tag("outcome", "SUCCESS").counter()).isNull();
		assertThat(this.registry.get("ims.job.duration").tags("type", "imsDeleteImageJob", "outcome", "FAIL").timer()
			.totalTime(TimeUnit.SECONDS)).isEqualTo(12.0);
	}

	@Test
	void countsEachSubJobsFirstOutcomeAndTheSubJobsATimeOutEnds() {
		Job job = this.jobs.insert(aJob(JobType.CREATE_SERVER, 4)).block();

		this.jobs.recordSubJob(job.id(), 0, SubJobOutcome.succeeded(), ACCEPTED.plusSeconds(1)).block();
		this.jobs.recordSubJob(job.id(), 0, SubJobOutcome.succeeded(), ACCEPTED.plusSeconds(2)).block();
		this.jobs.recordSubJob(job.id(), 1, SubJobOutcome.failed("Ecs.0503", "down"), ACCEPTED.plusSeconds(2)).block();
		this.jobs.update(job.id(), (current) -> current.timedOut("IMS.0408", "stalled", ACCEPTED.plusSeconds(600)))
			.block();

		assertThat(this.registry.get("ims.subjobs.finished").tags("type", "createServer", "outcome", "SUCCESS")
			.counter().count()).isEqualTo(1);
		assertThat(this.registry.get("ims.subjobs.finished").tags("type", "createServer", "outcome", "FAIL")
			.counter().count()).isEqualTo(3);
		assertThat(this.registry.get("ims.jobs.finished").tags("type", "createServer", "error_code", "IMS.0408")
			.counter().count()).isEqualTo(1);
		assertThat(this.registry.get("ims.job.duration").tag("type", "createServer").timer().totalTime(TimeUnit.SECONDS))
			.isEqualTo(Duration.ofMinutes(10).toSeconds());
	}

	private static Job aJob(JobType type, int subJobs) {
		List<SubJob> pending = IntStream.range(0, subJobs)
			.mapToObj((i) -> SubJob.pending("s" + i, JobType.CREATE_SINGLE_SERVER, Map.of("server_id", "s" + i)))
			.toList();
		return Job.accepted(JobId.newId(), type, new Actor("p1", "u1", "r1"), Map.of(), pending, null, ACCEPTED);
	}

}
