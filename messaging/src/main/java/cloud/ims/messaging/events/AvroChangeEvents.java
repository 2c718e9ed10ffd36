package cloud.ims.messaging.events;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import cloud.ims.core.common.Actor;
import cloud.ims.core.event.ChangeEvents;
import cloud.ims.core.event.PendingEvent;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.job.Job;
import cloud.ims.core.server.Fault;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerStatus;
import cloud.ims.messages.ImageChange;
import cloud.ims.messages.ImageChanged;
import cloud.ims.messages.ImageMembership;
import cloud.ims.messages.ImageMembershipStatus;
import cloud.ims.messages.JobStatus;
import cloud.ims.messages.JobStatusChanged;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.ServerChange;
import cloud.ims.messages.ServerChanged;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;

/**
 * The events of stored changes as Avro records in single-object encoding, keyed by the resource's id; each carries the
 * state after the change, its own {@code event_id} and the actor. The relay stamps the resource version.
 */
public final class AvroChangeEvents implements ChangeEvents {

	private final MessageCodec codec;

	private final Clock clock;

	public AvroChangeEvents(MessageCodec codec, Clock clock) {
		this.codec = codec;
		this.clock = clock;
	}

	@Override
	public PendingEvent server(@Nullable Server before, Server after, Actor actor) {
		String eventId = UUID.randomUUID().toString();
		Fault fault = after.fault();
		ServerChanged event = ServerChanged.newBuilder()
			.setContext(context(eventId, actor, after.jobId()))
			.setEventId(eventId)
			.setServerId(after.id().value())
			.setChange(serverChange(before, after))
			.setName(after.name())
			.setStatus(after.status().name())
			.setImageId(after.imageId().value())
			.setFlavorId(after.flavor().id())
			.setFaultCode((fault != null) ? fault.code() : null)
			.setFaultMessage((fault != null) ? fault.message() : null)
			.build();
		return pending(eventId, Topics.SERVER_EVENTS, after.id().value(), event);
	}

	@Override
	public PendingEvent image(@Nullable Image before, Image after, Actor actor) {
		String eventId = UUID.randomUUID().toString();
		ImageData data = after.data();
		ImageChanged event = ImageChanged.newBuilder()
			.setContext(context(eventId, actor, after.jobId()))
			.setEventId(eventId)
			.setImageId(after.id().value())
			.setChange(imageChange(before, after))
			.setName(after.name())
			.setStatus(after.status().wireName())
			.setVisibility(after.visibility().wireName())
			.setOwner(after.owner())
			.setDiskFormat((data != null) ? data.diskFormat() : null)
			.setSize((data != null) ? data.size() : null)
			.setChecksum((data != null) ? data.md5() : null)
			.setMembers(after.members()
				.list()
				.stream()
				.map((member) -> ImageMembership.newBuilder()
					.setProjectId(member.projectId())
					.setStatus(ImageMembershipStatus.valueOf(member.status().name()))
					.build())
				.toList())
			.build();
		return pending(eventId, Topics.IMAGE_EVENTS, after.id().value(), event);
	}

	@Override
	public Optional<PendingEvent> job(@Nullable Job before, Job after) {
		String eventId = UUID.randomUUID().toString();
		JobStatusChanged event = jobStatus(after, eventId);
		if (before != null && sameForSubscribers(jobStatus(before, eventId), event)) {
			return Optional.empty();
		}
		return Optional.of(pending(eventId, Topics.JOB_EVENTS, after.id().value(), event));
	}

	private JobStatusChanged jobStatus(Job job, String eventId) {
		return JobStatusChanged.newBuilder()
			.setContext(context(eventId, job.actor(), job.id().value()))
			.setEventId(eventId)
			.setJobType(job.type().wireName())
			.setStatus(JobStatus.valueOf(job.status().name()))
			.setProcessPercent(job.processPercent())
			.setSubJobsTotal(job.subJobs().size())
			.setSubJobsSucceeded((int) job.succeededSubJobs())
			.setSubJobsFailed((int) (job.finishedSubJobs() - job.succeededSubJobs()))
			.setErrorCode(job.errorCode())
			.setFailReason(job.failReason())
			.setEntities(job.entities())
			.build();
	}

	/** Everything but the context, which differs for every event. */
	private static boolean sameForSubscribers(JobStatusChanged before, JobStatusChanged after) {
		return before.getStatus() == after.getStatus() && before.getProcessPercent() == after.getProcessPercent()
				&& before.getSubJobsTotal() == after.getSubJobsTotal()
				&& before.getSubJobsSucceeded() == after.getSubJobsSucceeded()
				&& before.getSubJobsFailed() == after.getSubJobsFailed()
				&& Objects.equals(before.getErrorCode(), after.getErrorCode())
				&& Objects.equals(before.getFailReason(), after.getFailReason())
				&& Objects.equals(before.getEntities(), after.getEntities());
	}

	private static ServerChange serverChange(@Nullable Server before, Server after) {
		if (before == null) {
			return ServerChange.CREATED;
		}
		return (after.status() == ServerStatus.DELETED) ? ServerChange.DELETED : ServerChange.STATUS_CHANGED;
	}

	private static ImageChange imageChange(@Nullable Image before, Image after) {
		if (before == null) {
			return ImageChange.CREATED;
		}
		if (after.status() == before.status()) {
			return ImageChange.UPDATED;
		}
		return switch (after.status()) {
			case DELETED -> ImageChange.DELETED;
			case KILLED -> ImageChange.KILLED;
			// A reactivation gives back what a deactivation took: no new data, so not an activation.
			case ACTIVE -> (before.status() == ImageStatus.DEACTIVATED) ? ImageChange.UPDATED : ImageChange.ACTIVATED;
			default -> ImageChange.UPDATED;
		};
	}

	private MessageContext context(String eventId, Actor actor, @Nullable String jobId) {
		return MessageContext.newBuilder()
			.setMessageId(eventId)
			.setJobId(jobId)
			.setOccurredAt(this.clock.instant())
			.setCorrelationId(actor.correlationId())
			.setProjectId(actor.projectId())
			.setUserId(actor.userId())
			.build();
	}

	private PendingEvent pending(String eventId, String topic, String key, SpecificRecord event) {
		return new PendingEvent(eventId, topic, key, this.codec.encode(event));
	}

}
