package cloud.ims.gateway.image;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import cloud.ims.core.export.ExportFormat;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.OutboxMessage;
import cloud.ims.core.server.Server;
import cloud.ims.core.store.StagedFile;
import cloud.ims.gateway.security.Caller;
import cloud.ims.messages.CaptureImage;
import cloud.ims.messages.CopyImage;
import cloud.ims.messages.DeleteImageData;
import cloud.ims.messages.ExportImage;
import cloud.ims.messages.ImportImage;
import cloud.ims.messages.ImportSource;
import cloud.ims.messages.ImageVisibility;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.NewImage;
import cloud.ims.schemas.MessageCodec;
import cloud.ims.schemas.Topics;
import org.jspecify.annotations.Nullable;

/**
 * Turns accepted image requests into their Avro commands, keyed by image id, ready for the job's outbox.
 */
final class ImageCommands {

	private ImageCommands() {
	}

	static OutboxMessage deleteData(JobId jobId, Image image, Caller caller, Instant at) {
		DeleteImageData command = DeleteImageData.newBuilder()
			.setContext(context(jobId, caller, at))
			.setImageId(image.id().value())
			.build();
		return new OutboxMessage(Topics.IMAGE_COMMANDS, image.id().value(), MessageCodec.standard().encode(command), false);
	}

	static OutboxMessage importImage(JobId jobId, ImageId imageId, Caller caller, ImportSource source,
			@Nullable String uri, @Nullable StagedFile staged, @Nullable String diskFormat, @Nullable Integer minDisk,
			@Nullable String expectedSha256, @Nullable Image recorded, Instant at) {
		ImportImage command = ImportImage.newBuilder()
			.setContext(context(jobId, caller, at))
			.setImageId(imageId.value())
			.setSource(source)
			.setUri(uri)
			.setStagedFile((staged != null) ? staged.path().getFileName().toString() : null)
			.setStagedSize((staged != null) ? staged.digests().size() : null)
			.setStagedSha256((staged != null) ? staged.digests().sha256Hex() : null)
			.setStagedMd5((staged != null) ? staged.digests().md5Hex() : null)
			.setDiskFormat(diskFormat)
			.setMinDisk(minDisk)
			.setExpectedSha256(expectedSha256)
			.setImage((recorded != null) ? newImage(recorded) : null)
			.build();
		return new OutboxMessage(Topics.IMAGE_COMMANDS, imageId.value(), MessageCodec.standard().encode(command), false);
	}

	static OutboxMessage capture(JobId jobId, Image recorded, Caller caller, Server server, Instant at) {
		ImageId imageId = recorded.id();
		CaptureImage command = CaptureImage.newBuilder()
			.setContext(context(jobId, caller, at))
			.setImageId(imageId.value())
			.setServerId(server.id().value())
			.setName(recorded.name())
			.setDescription(recorded.description())
			.setTags(recorded.tags())
			.setMinRam(recorded.minRam())
			.setMaxRam(recorded.maxRam())
			.setVisibility(visibility(recorded.visibility()))
			.setImage(newImage(recorded))
			.build();
		return new OutboxMessage(Topics.IMAGE_COMMANDS, imageId.value(), MessageCodec.standard().encode(command), false);
	}

	static OutboxMessage copyImage(JobId jobId, Image copy, ImageId sourceId, Caller caller, Instant at) {
		CopyImage command = CopyImage.newBuilder()
			.setContext(context(jobId, caller, at))
			.setImageId(copy.id().value())
			.setSourceImageId(sourceId.value())
			.setImage(newImage(copy))
			.build();
		return new OutboxMessage(Topics.IMAGE_COMMANDS, copy.id().value(), MessageCodec.standard().encode(command), false);
	}

	static OutboxMessage exportImage(JobId jobId, ImageId imageId, ExportFormat format, boolean quick,
			@Nullable String bucketUrl, Caller caller, Instant at) {
		ExportImage command = ExportImage.newBuilder()
			.setContext(context(jobId, caller, at))
			.setImageId(imageId.value())
			.setFileFormat(cloud.ims.messages.ExportFormat.valueOf(format.name()))
			.setQuick(quick)
			.setBucketUrl(bucketUrl)
			.build();
		return new OutboxMessage(Topics.IMAGE_COMMANDS, imageId.value(), MessageCodec.standard().encode(command), false);
	}

	/** The image as recorded, for the worker to record in its turn when the gateway stopped before it did. */
	private static NewImage newImage(Image image) {
		return NewImage.newBuilder()
			.setName(image.name())
			.setVisibility(visibility(image.visibility()))
			.setIsProtected(image.isProtected())
			.setTags(image.tags())
			.setContainerFormat(image.containerFormat())
			.setMinDisk(image.minDisk())
			.setMinRam(image.minRam())
			.setMaxRam(image.maxRam())
			.setOsType(image.osType())
			.setOsVersion(image.osVersion())
			.setPlatform(image.platform())
			.setOsBit(image.osBit())
			.setDescription(image.description())
			.setDataOrigin(image.dataOrigin())
			.setProperties(Map.copyOf(image.properties()))
			.setCreatedAt(image.createdAt())
			.build();
	}

	private static ImageVisibility visibility(Visibility visibility) {
		return (visibility == Visibility.PUBLIC) ? ImageVisibility.PUBLIC : ImageVisibility.PRIVATE;
	}

	private static MessageContext context(JobId jobId, Caller caller, Instant at) {
		return MessageContext.newBuilder()
			.setMessageId(UUID.randomUUID().toString())
			.setJobId(jobId.value())
			.setOccurredAt(at)
			.setCorrelationId(caller.requestId())
			.setProjectId(caller.projectId())
			.setUserId(caller.userId())
			.build();
	}

}
