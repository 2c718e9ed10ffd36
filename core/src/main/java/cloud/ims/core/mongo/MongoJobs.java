package cloud.ims.core.mongo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.event.ChangeEvents;
import cloud.ims.core.event.PendingEvent;
import cloud.ims.core.event.WaitingEventHints;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobSummary;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.SubJobProgress;
import cloud.ims.core.job.SubJobResult;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Jobs in the {@code jobs} collection; the job document doubles as the outbox of its command.
 */
public final class MongoJobs implements Jobs {

	static final String COLLECTION = "jobs";

	private static final int MAX_ATTEMPTS = 50;

	private final JobMapper mapper = new JobMapper();

	private final VersionedCollection<Job> jobs;

	/** How many jobs' latest state a store keeps, so that recording sub-job outcomes needs no read of the job. */
	private static final int RECENT_JOBS = 32;

	private final ChangeEvents events;

	private final VersionedCollection.EventOf<Job> eventOf;

	/**
	 * The jobs this store wrote last, as written: a sub-job outcome is recorded by a compare-and-set on that version,
	 * and a job changed elsewhere since is read again.
	 */
	private final Map<JobId, Job> recent = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<JobId, Job> eldest) {
			return size() > RECENT_JOBS;
		}

	});

	public MongoJobs(MongoDatabase database, ChangeEvents events) {
		this.jobs = new VersionedCollection<>(database.getCollection(COLLECTION), this.mapper);
		this.events = events;
		this.eventOf = events::job;
	}

	@Override
	public Mono<Job> insert(Job job) {
		return this.jobs.insert(job, this.eventOf);
	}

	@Override
	public Mono<Job> find(JobId id) {
		return this.jobs.find(id.value());
	}

	@Override
	public Flux<Job> list(String projectId, @Nullable JobStatus status, @Nullable JobType type,
			@Nullable JobId marker, int limit) {
		List<Bson> filters = new ArrayList<>();
		filters.add(Filters.eq("projectId", projectId));
		if (status != null) {
			filters.add(Filters.eq("status", status.name()));
		}
		if (type != null) {
			filters.add(Filters.eq("type", type.wireName()));
		}
		Mono<Optional<Job>> after = (marker != null) ? find(marker).map(Optional::of)
					.switchIfEmpty(Mono.error(() -> new ImsException(Kind.INVALID, "IMS.0400", "marker=" + marker
							+ " is not a job of this list. Use the id of the last job of a page.")))
				: Mono.just(Optional.empty());
		return after.flatMapMany((markerJob) -> {
			markerJob.ifPresent((job) -> filters.add(olderThan(job)));
			return Flux.from(this.jobs.collection()
				.find(Filters.and(filters))
				.sort(Sorts.descending("createdAt", "_id"))
				.limit(limit)).map(this.mapper::fromDocument);
		});
	}

	private static Bson olderThan(Job job) {
		Object createdAt = BsonValues.date(job.createdAt());
		return Filters.or(Filters.lt("createdAt", createdAt),
				Filters.and(Filters.eq("createdAt", createdAt), Filters.lt("_id", job.id().value())));
	}

	@Override
	public Flux<Job> awaitingDispatch(Instant acceptedBefore, int limit) {
		return Flux.from(this.jobs.collection()
			.find(Filters.and(Filters.eq("dispatchPending", true),
					Filters.lt("createdAt", BsonValues.date(acceptedBefore))))
			.limit(limit)).map(this.mapper::fromDocument);
	}

	/**
	 * A compare-and-set on the version this store wrote last (a read first only when the job changed elsewhere), that
	 * sets only the sub-jobs it finishes: a sub-job that has an outcome keeps it, so a redelivered outcome changes
	 * nothing and publishes nothing.
	 */
	@Override
	public Flux<SubJobProgress> recordSubJobs(JobId id, List<SubJobResult> results, Instant at) {
		return Mono.defer(() -> latest(id).flatMap((job) -> record(job, results, at)))
			.retryWhen(Retry.backoff(MAX_ATTEMPTS, Duration.ofMillis(2))
				.maxBackoff(Duration.ofMillis(100))
				.filter(ConcurrentChange.class::isInstance))
			.flatMapIterable((progress) -> progress);
	}

	private Mono<Job> latest(JobId id) {
		Job known = this.recent.get(id);
		return (known != null) ? Mono.just(known) : find(id);
	}

	private Mono<List<SubJobProgress>> record(Job before, List<SubJobResult> results, Instant at) {
		Job after = before;
		List<Integer> finished = new ArrayList<>();
		List<SubJobProgress> progress = new ArrayList<>();
		for (SubJobResult result : results) {
			Optional<Job> next = after.finishSubJob(result.index(), result.outcome(), at);
			if (next.isPresent()) {
				after = next.get();
				finished.add(result.index());
			}
			progress.add(new SubJobProgress(before.id(), before.type(), before.actor(), after.status(),
					after.subJobs().size(), (int) after.finishedSubJobs(), (int) after.succeededSubJobs(),
					next.isPresent()));
		}
		if (finished.isEmpty()) {
			return Mono.just(progress);
		}
		Job written = after.withVersion(before.version() + 1);
		List<Bson> updates = new ArrayList<>(List.of(Updates.set("version", written.version()),
				Updates.set("status", written.status().name()), Updates.set("beginTime", BsonValues.date(written.beginTime())),
				Updates.set("updatedAt", BsonValues.date(at)), Updates.addEachToSet("finished", finished)));
		List<Integer> succeeded = finished.stream()
			.filter((index) -> written.subJobs().get(index).status() == JobStatus.SUCCESS)
			.toList();
		if (!succeeded.isEmpty()) {
			updates.add(Updates.addEachToSet("succeeded", succeeded));
		}
		finished.forEach((index) -> updates.add(Updates.set("subJobs." + index, JobMapper.subJob(written.subJobs().get(index)))));
		Optional<PendingEvent> event = this.events.job(before, written);
		event.ifPresent((recorded) -> updates.addAll(List.of(Updates.push(EventFields.EVENTS,
				EventFields.toDocument(recorded)), Updates.inc(EventFields.SEQUENCE, 1L))));
		return Mono.from(this.jobs.collection().updateOne(VersionedCollection.casFilter(before.id().value(), before.version()),
				Updates.combine(updates)))
			.flatMap((result) -> {
				if (result.getMatchedCount() != 1) {
					this.recent.remove(before.id());
					return Mono.error(new ConcurrentChange(COLLECTION, before.id().value()));
				}
				this.recent.put(written.id(), written);
				event.ifPresent((recorded) -> WaitingEventHints.note(COLLECTION, written.id().value()));
				return Mono.just(progress);
			});
	}

	@Override
	public Flux<JobSummary> summariesSince(Instant since) {
		Object from = BsonValues.date(since);
		return Flux.from(this.jobs.collection()
			.find(Filters.or(Filters.gte("createdAt", from), Filters.gte("endTime", from),
					Filters.in("status", JobStatus.INIT.name(), JobStatus.RUNNING.name())))
			.projection(Projections.include("type", "status", "createdAt", "endTime", "errorCode", "failReason")))
			.map(this.mapper::summary);
	}

	@Override
	public Flux<Job> stalled(Instant changedBefore, int limit) {
		return Flux.from(this.jobs.collection()
			.find(Filters.and(Filters.in("status", JobStatus.INIT.name(), JobStatus.RUNNING.name()),
					Filters.lt("updatedAt", BsonValues.date(changedBefore))))
			.limit(limit)).map(this.mapper::fromDocument);
	}

	@Override
	public Mono<Job> update(JobId id, Function<Job, Optional<Job>> change) {
		return this.jobs.update(id.value(), change, this.eventOf).doOnNext((stored) -> this.recent.put(id, stored));
	}

}
