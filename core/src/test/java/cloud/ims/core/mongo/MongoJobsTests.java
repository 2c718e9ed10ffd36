package cloud.ims.core.mongo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import cloud.ims.core.common.Actor;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobSummary;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.core.job.SubJob;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.job.SubJobProgress;
import cloud.ims.core.job.SubJobOutcomeScenarios;
import cloud.ims.core.job.SubJobResult;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class MongoJobsTests {

	private MongoServer server;

	private MongoClient client;

	private MongoJobs jobs;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.jobs = new MongoJobs(this.client.getDatabase("ims"), new TextChangeEvents());
		MongoIndexes.ensure(this.client.getDatabase("ims")).block();
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void recordsEverySubJobOutcomeOnceUnderConcurrentUpdates() {
		Job job = this.jobs.insert(aBatchJob(20)).block();

		Flux.range(0, 20)
			.flatMap((index) -> this.jobs.update(job.id(),
					(current) -> current.finishSubJob(index, SubJobOutcome.succeeded(), Instant.now())), 8)
			.blockLast();
		this.jobs.update(job.id(), (current) -> current.finishSubJob(3, SubJobOutcome.failed("X", "late"), Instant.now()))
			.block();

		Job stored = this.jobs.find(job.id()).block();
		assertThat(stored.succeededSubJobs()).isEqualTo(20);
		assertThat(stored.allSubJobsFinished()).isTrue();
		assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(stored.version()).isEqualTo(20);
	}

	@Test
	void recordsSubJobOutcomesWithTargetedUpdatesThatCountProgress() {
		Job job = this.jobs.insert(aBatchJob(30)).block();

		List<SubJobProgress> progress = Flux.range(0, 30)
			.flatMap((index) -> this.jobs.recordSubJob(job.id(), index,
					(index % 10 == 0) ? SubJobOutcome.failed("Ecs.0503", "down") : SubJobOutcome.succeeded(),
					Instant.now()), 8)
			.collectList()
			.block();
		this.jobs.recordSubJob(job.id(), 0, SubJobOutcome.failed("Ecs.0503", "down"), Instant.now()).block();

		assertThat(progress).filteredOn(SubJobProgress::isReadyToFinish).hasSize(1);
		assertThat(progress).extracting(SubJobProgress::finished).contains(30);
		Job stored = this.jobs.find(job.id()).block();
		assertThat(stored.finishedSubJobs()).isEqualTo(30);
		assertThat(stored.succeededSubJobs()).isEqualTo(27);
		assertThat(stored.subJobs().get(10).errorCode()).isEqualTo("Ecs.0503");
		assertThat(this.jobs.update(job.id(), (current) -> current.succeed(Map.of(), Instant.now())).block().status())
			.isEqualTo(JobStatus.SUCCESS);
	}

	@Test
	void recordsOutcomesThatArriveTogetherWithOneWriteAsIfOneAfterTheOther() {
		Job job = this.jobs.insert(aBatchJob(4)).block();
		this.jobs.recordSubJob(job.id(), 3, SubJobOutcome.succeeded(), Instant.now()).block();

		List<SubJobProgress> progress = this.jobs.recordSubJobs(job.id(), List.of(
				new SubJobResult(0, SubJobOutcome.succeeded()), new SubJobResult(3, SubJobOutcome.succeeded()),
				new SubJobResult(1, SubJobOutcome.failed("Ecs.0503", "down")),
				new SubJobResult(1, SubJobOutcome.failed("Ecs.0503", "down")),
				new SubJobResult(2, SubJobOutcome.succeeded())), Instant.now())
			.collectList()
			.block();

		assertThat(progress).extracting(SubJobProgress::finished).containsExactly(2, 2, 3, 3, 4);
		assertThat(progress).extracting(SubJobProgress::firstOutcome).containsExactly(true, false, true, false, true);
		assertThat(progress).filteredOn(SubJobProgress::isReadyToFinish).hasSize(1);
		assertThat(progress.get(4).succeeded()).isEqualTo(3);
		Job stored = this.jobs.find(job.id()).block();
		assertThat(stored.version()).isEqualTo(2);
		assertThat(stored.succeededSubJobs()).isEqualTo(3);
		assertThat(stored.subJobs().get(1).errorCode()).isEqualTo("Ecs.0503");
	}

	@Test
	void storesSubJobsWithoutEmptyFieldsAndReadsThemAsEmpty() {
		Job job = this.jobs.insert(aBatchJob(3)).block();
		this.jobs.recordSubJobs(job.id(), List.of(new SubJobResult(0, SubJobOutcome.failed("Ecs.0503", "down")),
				new SubJobResult(1, SubJobOutcome.succeeded())), Instant.now()).blockLast();
		// A later outcome of a finished sub-job changes nothing: its first outcome stands.
		this.jobs.recordSubJob(job.id(), 0, SubJobOutcome.succeeded(), Instant.now()).block();

		Document stored = Mono.from(this.client.getDatabase("ims").getCollection(MongoJobs.COLLECTION)
			.find(Filters.eq("_id", job.id().value()))).block();
		List<Document> subJobs = stored.getList("subJobs", Document.class);
		assertThat(subJobs.get(0)).containsEntry("status", "FAIL").containsEntry("errorCode", "Ecs.0503");
		assertThat(subJobs.get(1).keySet()).doesNotContain("errorCode", "failReason");
		assertThat(subJobs.get(2).keySet()).doesNotContain("errorCode", "failReason", "beginTime", "endTime");
		Job read = this.jobs.find(job.id()).block();
		assertThat(read.subJobs().get(0).status()).isEqualTo(JobStatus.FAIL);
		assertThat(read.subJobs().get(1).errorCode()).isNull();
		assertThat(read.subJobs().get(1).endTime()).isNotNull();
		assertThat(read.subJobs().get(2).beginTime()).isNull();
		assertThat(read.subJobs().get(2).failReason()).isNull();
	}

	@Test
	void listsJobsAwaitingDispatchUntilTheyAreMarkedDispatched() {
		Job job = this.jobs.insert(aBatchJob(1)).block();

		assertThat(this.jobs.awaitingDispatch(Instant.now().plusSeconds(1), 10).collectList().block())
			.extracting(Job::id).containsExactly(job.id());
		this.jobs.update(job.id(), Job::dispatched).block();

		assertThat(this.jobs.awaitingDispatch(Instant.now().plusSeconds(1), 10).collectList().block()).isEmpty();
		assertThat(this.jobs.find(job.id()).block().outbox().payload()).containsExactly(1, 2, 3);
	}

	@Test
	void pagesThroughAProjectsJobsNewestFirst() {
		List<Job> inserted = IntStream.range(0, 5).mapToObj((i) -> this.jobs.insert(aBatchJob(1)).block()).toList();

		List<Job> first = this.jobs.list("p1", null, null, null, 3).collectList().block();
		List<Job> second = this.jobs.list("p1", null, null, first.get(2).id(), 3).collectList().block();

		assertThat(first).hasSize(3);
		assertThat(second).hasSize(2);
		assertThat(Flux.concat(Flux.fromIterable(first), Flux.fromIterable(second)).map(Job::id).collectList().block())
			.containsExactlyInAnyOrderElementsOf(inserted.stream().map(Job::id).toList());
	}

	@Test
	void summarisesTheJobsAcceptedOrEndedSinceATimeAndEveryOpenOne() {
		Instant since = Instant.parse("2026-11-27T20:00:00Z");
		Job oldOpen = this.jobs.insert(aJobAcceptedAt(since.minusSeconds(7200))).block();
		Job oldEnded = this.jobs.insert(aJobAcceptedAt(since.minusSeconds(7200))).block();
		this.jobs.update(oldEnded.id(), (job) -> job.fail("Ecs.0504", "down", since.minusSeconds(60))).block();
		Job endedInWindow = this.jobs.insert(aJobAcceptedAt(since.minusSeconds(30))).block();
		this.jobs.update(endedInWindow.id(), (job) -> job.fail("Ecs.0504", "down", since.plusSeconds(30))).block();
		Job acceptedInWindow = this.jobs.insert(aJobAcceptedAt(since.plusSeconds(10))).block();
		this.jobs.update(acceptedInWindow.id(), (job) -> job.succeed(Map.of(), since.plusSeconds(20))).block();

		List<JobSummary> summaries = this.jobs.summariesSince(since).collectList().block();

		assertThat(summaries).extracting(JobSummary::id)
			.containsExactlyInAnyOrder(oldOpen.id(), endedInWindow.id(), acceptedInWindow.id());
		assertThat(summaries).filteredOn((summary) -> summary.id().equals(endedInWindow.id())).singleElement()
			.satisfies((summary) -> {
				assertThat(summary.status()).isEqualTo(JobStatus.FAIL);
				assertThat(summary.errorCode()).isEqualTo("Ecs.0504");
				assertThat(summary.failReason()).isEqualTo("down");
				assertThat(summary.duration()).isEqualTo(Duration.ofSeconds(60));
			});
	}

	private static Job aJobAcceptedAt(Instant at) {
		return Job.accepted(JobId.newId(), JobType.DELETE_IMAGE, new Actor("p1", "u1", "r1"), Map.of(), List.of(), null,
				at);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cloud.ims.core.job.SubJobOutcomeScenarios#all")
	void keepsTheFirstOutcomeOfASubJobInTheStoreWithOneEventPerChange(SubJobOutcomeScenarios.Scenario scenario) {
		Job job = this.jobs.insert(aBatchJob(2)).block();
		MongoJobs elsewhere = new MongoJobs(this.client.getDatabase("ims"), new TextChangeEvents());
		List<Boolean> first = new ArrayList<>();

		for (int i = 0; i < scenario.recorded().size(); i++) {
			// Every other outcome comes from another worker, whose store knows an older version of the job.
			MongoJobs recorder = (i % 2 == 0) ? this.jobs : elsewhere;
			first.add(recorder.recordSubJob(job.id(), 0, scenario.recorded().get(i), Instant.now()).block().firstOutcome());
		}

		Job stored = this.jobs.find(job.id()).block();
		assertThat(stored.subJobs().get(0).status()).isEqualTo(scenario.status());
		assertThat(stored.subJobs().get(0).errorCode()).isEqualTo(scenario.errorCode());
		assertThat(first).isEqualTo(scenario.first());
		assertThat(stored.finishedSubJobs()).isEqualTo(1);
		assertThat(new MongoPendingEvents(this.client.getDatabase("ims")).waiting(10, true).blockFirst().events())
			.extracting(TextChangeEvents::text)
			.containsExactly("INIT 0/2", "RUNNING 1/2");
	}

	private static Job aBatchJob(int size) {
		List<SubJob> subJobs = IntStream.range(0, size)
			.mapToObj((i) -> SubJob.pending("s" + i, JobType.CREATE_SINGLE_SERVER, Map.of("server_id", "s" + i)))
			.toList();
		return Job.accepted(JobId.newId(), JobType.CREATE_SERVER, new Actor("p1", "u1", "r1"), Map.of(), subJobs,
				new OutboxMessage("t", "k", new byte[] { 1, 2, 3 }, false), Instant.now());
	}

}
