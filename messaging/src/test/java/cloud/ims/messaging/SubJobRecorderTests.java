package cloud.ims.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import cloud.ims.core.common.Actor;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobSummary;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.job.SubJobProgress;
import cloud.ims.core.job.SubJobResult;
import cloud.ims.core.mongo.MongoJobs;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SubJobRecorderTests {

	private static final int SUB_JOBS = 400;

	private MongoServer server;

	private MongoClient client;

	private MongoJobs jobs;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.jobs = new MongoJobs(this.client.getDatabase("ims"), new TextChangeEvents());
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
	void keepsRecordingAfterAThreadGaveUpWaitingForItsWrite() throws Exception {
		Job job = this.jobs.insert(aBatchJob(3)).block();
		GatedJobs gated = new GatedJobs(this.jobs);
		SubJobRecorder recorder = new SubJobRecorder(gated, Clock.systemUTC(), Duration.ofMillis(300));
		ExecutorService listeners = Executors.newFixedThreadPool(2);
		try {
			Future<SubJobRecorder.Recorded> writer = listeners.submit(() -> recorder.record(job.id(), 0,
					SubJobOutcome.succeeded()));
			await().until(() -> gated.writes.get() == 1);
			Future<SubJobRecorder.Recorded> impatient = listeners.submit(() -> recorder.record(job.id(), 1,
					SubJobOutcome.succeeded()));

			assertThatThrownBy(() -> impatient.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
			gated.open.countDown();
			assertThat(writer.get(10, TimeUnit.SECONDS).progress().finished()).isEqualTo(1);
		}
		finally {
			listeners.shutdownNow();
		}

		assertThat(recorder.record(job.id(), 2, SubJobOutcome.succeeded()).progress().finished()).isEqualTo(2);
		assertThat(this.jobs.find(job.id()).block().subJobs()).extracting(SubJob::status)
			.containsExactly(JobStatus.SUCCESS, JobStatus.INIT, JobStatus.SUCCESS);
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

	/** The job store, holding its first write of outcomes until opened. */
	private static final class GatedJobs implements Jobs {

		private final Jobs jobs;

		private final AtomicInteger writes = new AtomicInteger();

		private final CountDownLatch open = new CountDownLatch(1);

		GatedJobs(Jobs jobs) {
			this.jobs = jobs;
		}

		@Override
		public Flux<SubJobProgress> recordSubJobs(JobId id, List<SubJobResult> results, Instant at) {
			if (this.writes.incrementAndGet() == 1) {
				return Mono.fromCallable(() -> this.open.await(10, TimeUnit.SECONDS))
					.thenMany(this.jobs.recordSubJobs(id, results, at));
			}
			return this.jobs.recordSubJobs(id, results, at);
		}

		@Override
		public Mono<Job> insert(Job job) {
			return this.jobs.insert(job);
		}

		@Override
		public Mono<Job> find(JobId id) {
			return this.jobs.find(id);
		}

		@Override
		public Flux<Job> list(String projectId, @Nullable JobStatus status, @Nullable JobType type,
				@Nullable JobId marker, int limit) {
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

		@Override
		public Mono<Job> update(JobId id, Function<Job, Optional<Job>> change) {
			return this.jobs.update(id, change);
		}

	}

	private static Job aBatchJob(int size) {
		List<SubJob> subJobs = IntStream.range(0, size)
			.mapToObj((i) -> SubJob.pending("s" + i, JobType.CREATE_SINGLE_SERVER, Map.of("server_id", "s" + i)))
			.toList();
		return Job.accepted(JobId.newId(), JobType.CREATE_SERVER, new Actor("p1", "u1", "r1"), Map.of(), subJobs,
				new OutboxMessage("t", "k", new byte[] { 1 }, false), Instant.now());
	}

}
