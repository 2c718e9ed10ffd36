package cloud.ims.messaging;

import java.time.Clock;
import java.util.UUID;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.SubJobProgress;
import cloud.ims.core.server.Fault;
import cloud.ims.core.server.Server;
import cloud.ims.messages.ImageChange;
import cloud.ims.messages.ImageChanged;
import cloud.ims.messages.JobStatus;
import cloud.ims.messages.JobStatusChanged;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.ServerChange;
import cloud.ims.messages.ServerChanged;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes status events for subscribers after the state change is stored, keyed by the resource id so that
 * one resource's events stay ordered. Events report state; they are not the source of truth, so a publish that
 * fails is logged and the work goes on.
 */
public class StatusEvents {

	private static final Logger log = LoggerFactory.getLogger(StatusEvents.class);

	private final KafkaTemplate<String, SpecificRecord> kafka;

	private final Clock clock;

	StatusEvents(KafkaTemplate<String, SpecificRecord> kafka, Clock clock) {
		this.kafka = kafka;
		this.clock = clock;
	}

	public void jobChanged(Job job) {
		JobStatusChanged event = JobStatusChanged.newBuilder()
			.setContext(context(job.actor(), job.id().value()))
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
		send(Topics.JOB_EVENTS, job.id().value(), event);
	}

	/** A batch job's progress after one sub-job's outcome, without the whole job at hand. */
	public void jobProgressed(SubJobProgress progress) {
		JobStatusChanged event = JobStatusChanged.newBuilder()
			.setContext(context(progress.actor(), progress.jobId().value()))
			.setJobType(progress.type().wireName())
			.setStatus(JobStatus.valueOf(progress.status().name()))
			.setProcessPercent(progress.processPercent())
			.setSubJobsTotal(progress.total())
			.setSubJobsSucceeded(progress.succeeded())
			.setSubJobsFailed(progress.finished() - progress.succeeded())
			.build();
		send(Topics.JOB_EVENTS, progress.jobId().value(), event);
	}

	public void imageChanged(Image image, ImageChange change, Actor actor) {
		ImageData data = image.data();
		ImageChanged event = ImageChanged.newBuilder()
			.setContext(context(actor, image.jobId()))
			.setImageId(image.id().value())
			.setChange(change)
			.setName(image.name())
			.setStatus(image.status().wireName())
			.setVisibility(image.visibility().wireName())
			.setOwner(image.owner())
			.setDiskFormat((data != null) ? data.diskFormat() : null)
			.setSize((data != null) ? data.size() : null)
			.setChecksum((data != null) ? data.md5() : null)
			.build();
		send(Topics.IMAGE_EVENTS, image.id().value(), event);
	}

	public void serverChanged(Server server, ServerChange change, Actor actor) {
		Fault fault = server.fault();
		ServerChanged event = ServerChanged.newBuilder()
			.setContext(context(actor, server.jobId()))
			.setServerId(server.id().value())
			.setChange(change)
			.setName(server.name())
			.setStatus(server.status().name())
			.setImageId(server.imageId().value())
			.setFlavorId(server.flavor().id())
			.setFaultCode((fault != null) ? fault.code() : null)
			.setFaultMessage((fault != null) ? fault.message() : null)
			.build();
		send(Topics.SERVER_EVENTS, server.id().value(), event);
	}

	private MessageContext context(Actor actor, @Nullable String jobId) {
		return MessageContext.newBuilder()
			.setMessageId(UUID.randomUUID().toString())
			.setJobId(jobId)
			.setOccurredAt(this.clock.instant())
			.setCorrelationId(actor.correlationId())
			.setProjectId(actor.projectId())
			.setUserId(actor.userId())
			.build();
	}

	private void send(String topic, String key, SpecificRecord event) {
		this.kafka.send(topic, key, event).whenComplete((result, failure) -> {
			if (failure != null) {
				log.warn("Status event for {} on {} not published: {}", key, topic, failure.toString());
			}
		});
	}

}
