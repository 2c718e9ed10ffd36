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
import cloud.ims.schemas.Topics;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes image commands and hands each to its use case, mapped to domain types right here.
 */
@Component
@KafkaListener(id = "image-commands", topics = Topics.IMAGE_COMMANDS, groupId = "image-worker")
class ImageCommandsListener {

	private final ImageCapture capture;

	private final ImageImport imports;

	private final ImageDataRemoval removal;

	private final ImageCopy copies;

	private final ImageExport exports;

	ImageCommandsListener(ImageCapture capture, ImageImport imports, ImageDataRemoval removal, ImageCopy copies,
			ImageExport exports) {
		this.capture = capture;
		this.imports = imports;
		this.removal = removal;
		this.copies = copies;
		this.exports = exports;
	}

	@KafkaHandler
	void on(CaptureImage command) {
		MessageContext context = command.getContext();
		ImageId imageId = new ImageId(command.getImageId());
		this.capture.capture(new CaptureOrder(new JobId(context.getJobId()), imageId,
				new ServerId(command.getServerId()), recorded(imageId, context, command.getImage()), actor(context)));
	}

	@KafkaHandler
	void on(ImportImage command) {
		MessageContext context = command.getContext();
		boolean staged = command.getStagedFile() != null && command.getStagedSha256() != null
				&& command.getStagedSize() != null;
		ImageId imageId = new ImageId(command.getImageId());
		this.imports.importImage(new ImportOrder(new JobId(context.getJobId()), imageId, command.getUri(),
				command.getStagedFile(),
				staged ? new Digests(command.getStagedSha256(), command.getStagedMd5(), command.getStagedSize()) : null,
				command.getDiskFormat(), command.getMinDisk(), command.getExpectedSha256(),
				recorded(imageId, context, command.getImage()), actor(context)));
	}

	@KafkaHandler
	void on(CopyImage command) {
		MessageContext context = command.getContext();
		ImageId imageId = new ImageId(command.getImageId());
		this.copies.copy(new CopyOrder(new JobId(context.getJobId()), imageId, new ImageId(command.getSourceImageId()),
				recorded(imageId, context, command.getImage()), actor(context)));
	}

	@KafkaHandler
	void on(ExportImage command) {
		MessageContext context = command.getContext();
		this.exports.export(new ExportOrder(new JobId(context.getJobId()), new ImageId(command.getImageId()),
				format(command.getFileFormat()), command.getQuick(), command.getBucketUrl(), actor(context)));
	}

	@KafkaHandler
	void on(DeleteImageData command) {
		MessageContext context = command.getContext();
		this.removal.remove(new JobId(context.getJobId()), new ImageId(command.getImageId()), actor(context));
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

	@KafkaHandler(isDefault = true)
	void unknown(Object command) {
		throw new IllegalArgumentException("No handler for " + command.getClass().getSimpleName() + " on "
				+ Topics.IMAGE_COMMANDS + "; this worker version does not know it");
	}

}
