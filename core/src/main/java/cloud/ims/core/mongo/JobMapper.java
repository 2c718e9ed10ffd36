package cloud.ims.core.mongo;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import cloud.ims.core.common.Actor;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobSummary;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.core.job.SubJob;
import org.bson.Document;
import org.bson.types.Binary;
import org.jspecify.annotations.Nullable;

final class JobMapper implements DocumentMapper<Job> {

	@Override
	public Document toDocument(Job job) {
		Document document = new Document("_id", job.id().value()).append("version", job.version())
			.append("type", job.type().wireName())
			.append("projectId", job.actor().projectId())
			.append("userId", job.actor().userId())
			.append("correlationId", job.actor().correlationId())
			.append("status", job.status().name())
			.append("createdAt", BsonValues.date(job.createdAt()))
			.append("beginTime", BsonValues.date(job.beginTime()))
			.append("endTime", BsonValues.date(job.endTime()))
			.append("errorCode", job.errorCode())
			.append("failReason", job.failReason())
			.append("entities", BsonValues.stringMap(job.entities()))
			.append("subJobs", job.subJobs().stream().map(JobMapper::subJob).toList())
			.append("subJobsTotal", job.subJobs().size())
			.append("finished", indexes(job, (status) -> status.isTerminal()))
			.append("succeeded", indexes(job, (status) -> status == JobStatus.SUCCESS))
			.append("progress", job.progress())
			.append("updatedAt", BsonValues.date(job.updatedAt()))
			.append("resumes", job.resumes());
		OutboxMessage outbox = job.outbox();
		if (outbox != null) {
			document.append("outbox", new Document("topic", outbox.topic()).append("key", outbox.key())
				.append("payload", new Binary(outbox.payload()))
				.append("dispatched", outbox.dispatched()));
		}
		if (job.awaitsDispatch()) {
			// Only pending jobs carry this field, so that a sparse index on it stays as small as the backlog.
			document.append("dispatchPending", true);
		}
		return document;
	}

	@Override
	public Job fromDocument(Document document) {
		Document outbox = document.get("outbox", Document.class);
		List<Document> subJobs = document.getList("subJobs", Document.class, List.of());
		return new Job(new JobId(document.getString("_id")), JobType.fromWireName(document.getString("type")),
				new Actor(document.getString("projectId"), document.getString("userId"),
						document.getString("correlationId")),
				JobStatus.valueOf(document.getString("status")), BsonValues.requiredInstant(document, "createdAt"),
				BsonValues.instant(document, "beginTime"), BsonValues.instant(document, "endTime"),
				document.getString("errorCode"), document.getString("failReason"),
				BsonValues.stringMap(document, "entities"), subJobs.stream().map(JobMapper::subJob).toList(),
				document.getDouble("progress"), (outbox != null) ? outbox(outbox) : null,
				BsonValues.requiredInstant(document, "updatedAt"), document.getInteger("resumes", 0),
				document.getLong("version"));
	}

	/** A job read with only the fields of a {@link JobSummary}. */
	JobSummary summary(Document document) {
		return new JobSummary(new JobId(document.getString("_id")), JobType.fromWireName(document.getString("type")),
				JobStatus.valueOf(document.getString("status")), BsonValues.requiredInstant(document, "createdAt"),
				BsonValues.instant(document, "endTime"), document.getString("errorCode"),
				document.getString("failReason"));
	}

	@Override
	public String id(Job job) {
		return job.id().value();
	}

	@Override
	public long version(Job job) {
		return job.version();
	}

	@Override
	public Job withVersion(Job job, long version) {
		return job.withVersion(version);
	}

	/** The sub-jobs in the given states by position, kept beside them so that progress is countable in one update. */
	private static List<Integer> indexes(Job job, Predicate<JobStatus> state) {
		return IntStream.range(0, job.subJobs().size())
			.filter((index) -> state.test(job.subJobs().get(index).status()))
			.boxed()
			.toList();
	}

	private static OutboxMessage outbox(Document outbox) {
		return new OutboxMessage(outbox.getString("topic"), outbox.getString("key"),
				outbox.get("payload", Binary.class).getData(), outbox.getBoolean("dispatched"));
	}

	/**
	 * A sub-job without its empty fields: the store re-encodes and copies the whole job on every write, so each
	 * field left out of 500 sub-jobs counts (an absent field reads as null).
	 */
	static Document subJob(SubJob subJob) {
		Document document = new Document("id", subJob.id()).append("type", subJob.type().wireName())
			.append("status", subJob.status().name())
			.append("entities", BsonValues.stringMap(subJob.entities()));
		appendIfPresent(document, "errorCode", subJob.errorCode());
		appendIfPresent(document, "failReason", subJob.failReason());
		appendIfPresent(document, "beginTime", BsonValues.date(subJob.beginTime()));
		appendIfPresent(document, "endTime", BsonValues.date(subJob.endTime()));
		return document;
	}

	private static void appendIfPresent(Document document, String key, @Nullable Object value) {
		if (value != null) {
			document.append(key, value);
		}
	}

	private static SubJob subJob(Document document) {
		return new SubJob(document.getString("id"), JobType.fromWireName(document.getString("type")),
				JobStatus.valueOf(document.getString("status")), BsonValues.stringMap(document, "entities"),
				document.getString("errorCode"), document.getString("failReason"),
				BsonValues.instant(document, "beginTime"), BsonValues.instant(document, "endTime"));
	}

}
