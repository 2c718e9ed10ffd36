package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobSummary;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.job.SubJobProgress;
import cloud.ims.core.job.SubJobResult;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Jobs in the {@code jobs} collection; the job document doubles as the outbox of its command.
 */
public final class MongoJobs implements Jobs {

	static final String COLLECTION = "jobs";

	private final JobMapper mapper = new JobMapper();

	private final VersionedCollection<Job> jobs;

	public MongoJobs(MongoDatabase database) {
		this.jobs = new VersionedCollection<>(database.getCollection(COLLECTION), this.mapper);
	}

	@Override
	public Mono<Job> insert(Job job) {
		return this.jobs.insert(job);
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

	@Override
	public Flux<SubJobProgress> recordSubJobs(JobId id, List<SubJobResult> results, Instant at) {
		Map<Integer, SubJobOutcome> firstOfEach = new LinkedHashMap<>();
		results.forEach((result) -> firstOfEach.putIfAbsent(result.index(), result.outcome()));
		List<Bson> updates = new ArrayList<>(List.of(Updates.set("updatedAt", BsonValues.date(at)),
				Updates.addEachToSet("finished", List.copyOf(firstOfEach.keySet())), Updates.inc("version", 1L)));
		List<Integer> succeededNow = new ArrayList<>();
		firstOfEach.forEach((index, outcome) -> {
			String subJob = "subJobs." + index + ".";
			updates.addAll(List.of(Updates.set(subJob + "status", outcome.status().name()),
					Updates.set(subJob + "beginTime", BsonValues.date(at)),
					Updates.set(subJob + "endTime", BsonValues.date(at))));
			if (outcome.success()) {
				succeededNow.add(index);
				// As the job mapper writes sub-jobs: without empty fields (a replay may follow a failure).
				updates.addAll(List.of(Updates.unset(subJob + "errorCode"), Updates.unset(subJob + "failReason")));
			}
			else {
				updates.addAll(List.of(Updates.set(subJob + "errorCode", outcome.errorCode()),
						Updates.set(subJob + "failReason", outcome.failReason())));
			}
		});
		if (!succeededNow.isEmpty()) {
			updates.add(Updates.addEachToSet("succeeded", succeededNow));
		}
		// The document as it was, so that a replay (its index already finished) can be told from a first outcome.
		return Mono.from(this.jobs.collection()
			.findOneAndUpdate(Filters.eq("_id", id.value()), Updates.combine(updates),
					new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)
						.projection(Projections.include("type", "projectId", "userId", "correlationId", "status",
								"subJobsTotal", "finished", "succeeded"))))
			.flatMapIterable((before) -> progressAfterEach(id, before, results));
	}

	private static List<SubJobProgress> progressAfterEach(JobId id, Document before, List<SubJobResult> results) {
		Set<Integer> finished = new HashSet<>(before.getList("finished", Integer.class, List.of()));
		Set<Integer> succeeded = new HashSet<>(before.getList("succeeded", Integer.class, List.of()));
		JobType type = JobType.fromWireName(before.getString("type"));
		Actor actor = new Actor(before.getString("projectId"), before.getString("userId"),
				before.getString("correlationId"));
		JobStatus status = JobStatus.valueOf(before.getString("status"));
		int total = before.getInteger("subJobsTotal", 0);
		List<SubJobProgress> progress = new ArrayList<>();
		for (SubJobResult result : results) {
			boolean first = finished.add(result.index());
			if (first && result.outcome().success()) {
				succeeded.add(result.index());
			}
			progress.add(new SubJobProgress(id, type, actor, status, total, finished.size(), succeeded.size(), first));
		}
		return progress;
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
		return this.jobs.update(id.value(), change);
	}

}
