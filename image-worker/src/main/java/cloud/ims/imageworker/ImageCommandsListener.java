package cloud.ims.imageworker;

import java.util.List;
import java.util.Map;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.job.JobId;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.store.Digests;
import cloud.ims.messages.CaptureImage;
import cloud.ims.messages.CopyImage;
import cloud.ims.messages.DeleteImageData;
import cloud.ims.messages.ExportFormat;
import cloud.ims.messages.ExportImage;
import cloud.ims.messages.ImageVisibility;
import cloud.ims.messages.ImportImage;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.NewImage;
import cloud.ims.messaging.inflight.InFlightWork;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes image commands and returns at once: each command, mapped to domain types right here, becomes work in
 * flight ({@link InFlightWork}) keyed by its record key (the image's id, so one image's commands keep their order),
 * run on {@link ImageWorkThreads}; its record is acknowledged once that work is done. A command that cannot be mapped
 * (an unknown type) throws here, on the consumer thread, and goes to the dead-letter topic at once.
 */
@Component
class ImageCommandsListener {

	static final String ID = "image-commands";

	private final ImageCapture capture;

	private final ImageImport imports;

	private final ImageDataRemoval removal;

	private final ImageCopy copies;

	private final ImageExport exports;

	private final InFlightWork work;

	private final ImageWorkThreads threads;

	ImageCommandsListener(ImageCapture capture, ImageImport imports, ImageDataRemoval removal, ImageCopy copies,
			ImageExport exports, InFlightWork work, ImageWorkThreads threads) {
		this.capture = capture;
		this.imports = imports;
		this.removal = removal;
		this.copies = copies;
		this.exports = exports;
		this.work = work;
		this.threads = threads;
	}

	@KafkaListener(id = ID, topics = Topics.IMAGE_COMMANDS, groupId = "image-worker")
	void on(ConsumerRecord<String, SpecificRecord> record, Acknowledgment acknowledgment) {
		Runnable command = workOf(record.value());
		this.work.submit(record, acknowledgment, () -> this.threads.run(command));
	}

	private Runnable workOf(@Nullable SpecificRecord command) {
		if (command instanceof CaptureImage capture) {
			return capture(capture);
		}
		if (command instanceof ImportImage importImage) {
			return importImage(importImage);
		}
		if (command instanceof CopyImage copy) {
			return copy(copy);
		}
		if (command instanceof ExportImage export) {
			return export(export);
		}
		if (command instanceof DeleteImageData delete) {
			return delete(delete);
		}
		throw new IllegalArgumentException("No handler for "
				+ ((command != null) ? command.getClass().getSimpleName() : "an empty command") + " on "
				+ Topics.IMAGE_COMMANDS + "; this worker version does not know it");
	}

	private Runnable capture(CaptureImage command) {
		MessageContext context = command.getContext();
		ImageId imageId = new ImageId(command.getImageId());
		CaptureOrder order = new CaptureOrder(new JobId(context.getJobId()), imageId,
				new ServerId(command.getServerId()), recorded(imageId, context, command.getImage()), actor(context));
		return () -> this.capture.capture(order);
	}

	private Runnable importImage(ImportImage command) {
		MessageContext context = command.getContext();
		boolean staged = command.getStagedFile() != null && command.getStagedSha256() != null
				&& command.getStagedSize() != null;
		ImageId imageId = new ImageId(command.getImageId());
		ImportOrder order = new ImportOrder(new JobId(context.getJobId()), imageId, command.getUri(),
				command.getStagedFile(),
				staged ? new Digests(command.getStagedSha256(), command.getStagedMd5(), command.getStagedSize()) : null,
				command.getDiskFormat(), command.getMinDisk(), command.getExpectedSha256(),
				recorded(imageId, context, command.getImage()), actor(context));
		return () -> this.imports.importImage(order);
	}

	private Runnable copy(CopyImage command) {
		MessageContext context = command.getContext();
		ImageId imageId = new ImageId(command.getImageId());
		CopyOrder order = new CopyOrder(new JobId(context.getJobId()), imageId,
				new ImageId(command.getSourceImageId()), recorded(imageId, context, command.getImage()),
				actor(context));
		return () -> this.copies.copy(order);
	}

	private Runnable export(ExportImage command) {
		MessageContext context = command.getContext();
		ExportOrder order = new ExportOrder(new JobId(context.getJobId()), new ImageId(command.getImageId()),
				format(command.getFileFormat()), command.getQuick(), command.getBucketUrl(), actor(context));
		return () -> this.exports.export(order);
	}

	private Runnable delete(DeleteImageData command) {
		MessageContext context = command.getContext();
		JobId jobId = new JobId(context.getJobId());
		ImageId imageId = new ImageId(command.getImageId());
		Actor actor = actor(context);
		return () -> this.removal.remove(jobId, imageId, actor);
	}

	/** The image as the gateway recorded it for its job, queued and owned by the command's project. */
	private static @Nullable Image recorded(ImageId id, MessageContext context, @Nullable NewImage image) {
		if (image == null) {
			return null;
		}
		return new Image(id, image.getName(), ImageStatus.QUEUED,
				(image.getVisibility() == ImageVisibility.PUBLIC) ? Visibility.PUBLIC : Visibility.PRIVATE,
				context.getProjectId(), image.getIsProtected(), List.copyOf(image.getTags()), image.getContainerFormat(),
				image.getMinDisk(), image.getMinRam(), image.getMaxRam(), null, image.getOsType(), image.getOsVersion(),
				image.getPlatform(), image.getOsBit(), image.getDescription(), image.getDataOrigin(),
				Map.copyOf(image.getProperties()), context.getJobId(), image.getCreatedAt(), image.getCreatedAt(), 0);
	}

	/** The format, or null for one a newer gateway knows and this worker does not (the job fails with why). */
	private static cloud.ims.core.export.@Nullable ExportFormat format(ExportFormat format) {
		return switch (format) {
			case QCOW2 -> cloud.ims.core.export.ExportFormat.QCOW2;
			case VMDK -> cloud.ims.core.export.ExportFormat.VMDK;
			case VHD -> cloud.ims.core.export.ExportFormat.VHD;
			case RAW -> cloud.ims.core.export.ExportFormat.RAW;
			default -> null;
		};
	}

	private static Actor actor(MessageContext context) {
		return new Actor(context.getProjectId(), context.getUserId(), context.getCorrelationId());
	}

}
