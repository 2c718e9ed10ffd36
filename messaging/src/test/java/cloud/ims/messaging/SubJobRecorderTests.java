package cloud.ims.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import cloud.ims.core.common.Actor;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.job.SubJobProgress;
import cloud.ims.core.mongo.MongoJobs;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubJobRecorderTests {

	private static final int SUB_JOBS = 400;

	private MongoServer server;

	private MongoClient client;

	private MongoJobs jobs;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.jobs = new MongoJobs(this.client.getDatabase("ims"));
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void recordsOutcomesFromManyThreadsInFewerWritesAndTellsExactlyOneThatTheJobIsComplete() throws Exception {
		Job job = this.jobs.insert(aBatchJob(SUB_JOBS)).block();

		Collection<SubJobRecorder.Recorded> recorded = recordAllFrom24Threads(job);

		List<SubJobProgress> progress = recorded.stream().map(SubJobRecorder.Recorded::progress).toList();
		assertThat(progress).extracting(SubJobProgress::finished)
			.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, SUB_JOBS).boxed().toList());
		assertThat(progress).filteredOn(SubJobProgress::isReadyToFinish).hasSize(1);
		assertThat(recorded).filteredOn((each) -> each.lastWritten() != null).isNotEmpty();
		Job stored = this.jobs.find(job.id()).block();
		assertThat(stored.succeededSubJobs()).isEqualTo(SUB_JOBS);
		// One version per write: the outcomes shared writes.
		assertThat(stored.version()).isLessThan(SUB_JOBS);
	}

	@Test
	void handsEveryNextWriteToAnotherWaitingThread() throws Exception {
		Job job = this.jobs.insert(aBatchJob(SUB_JOBS)).block();

		Collection<SubJobRecorder.Recorded> recorded = recordAllFrom24Threads(job);

		long writers = recorded.stream().filter((each) -> each.lastWritten() != null).count();
		Job stored = this.jobs.find(job.id()).block();
		// One version per write, and one writing thread per write: no thread keeps writing for the others.
		assertThat(writers).isEqualTo(stored.version()).isGreaterThan(1);
		assertThat(stored.succeededSubJobs()).isEqualTo(SUB_JOBS);
	}

	@Test
	void answersAReplayedOutcomeAsNotTheFirst() {
		Job job = this.jobs.insert(aBatchJob(2)).block();
		SubJobRecorder recorder = new SubJobRecorder(this.jobs, Clock.systemUTC());

		SubJobProgress first = recorder.record(job.id(), 1, SubJobOutcome.succeeded()).progress();
		SubJobProgress replay = recorder.record(job.id(), 1, SubJobOutcome.succeeded()).progress();

		assertThat(first.firstOutcome()).isTrue();
		assertThat(replay.firstOutcome()).isFalse();
		assertThat(replay.finished()).isEqualTo(1);
	}

	private Collection<SubJobRecorder.Recorded> recordAllFrom24Threads(Job job) throws Exception {
		SubJobRecorder recorder = new SubJobRecorder(this.jobs, Clock.systemUTC());
		ConcurrentLinkedQueue<SubJobRecorder.Recorded> recorded = new ConcurrentLinkedQueue<>();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService listeners = Executors.newFixedThreadPool(24);
		try {
			List<Future<Object>> done = IntStream.range(0, job.subJobs().size())
				.mapToObj((index) -> listeners.submit(() -> {
					start.await();
					recorded.add(recorder.record(job.id(), index, SubJobOutcome.succeeded()));
					return null;
				}))
				.toList();
			start.countDown();
			for (Future<Object> each : done) {
				each.get();
			}
		}
		finally {
			listeners.shutdownNow();
		}
		return recorded;
	}

	private static Job aBatchJob(int size) {
		List<SubJob> subJobs = IntStream.range(0, size)
			.mapToObj((i) -> SubJob.pending("s" + i, JobType.CREATE_SINGLE_SERVER, Map.of("server_id", "s" + i)))
			.toList();
		return Job.accepted(JobId.newId(), JobType.CREATE_SERVER, new Actor("p1", "u1", "r1"), Map.of(), subJobs,
				new OutboxMessage("t", "k", new byte[] { 1 }, false), Instant.now());
	}

}
