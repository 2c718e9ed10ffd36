package cloud.ims.imageworker;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.job.JobId;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.store.Digests;
import cloud.ims.messages.CaptureImage;
import cloud.ims.messages.DeleteImageData;
import cloud.ims.messages.ImportImage;
import cloud.ims.messages.MessageContext;
import cloud.ims.schemas.Topics;
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

	ImageCommandsListener(ImageCapture capture, ImageImport imports, ImageDataRemoval removal) {
		this.capture = capture;
		this.imports = imports;
		this.removal = removal;
	}

	@KafkaHandler
	void on(CaptureImage command) {
		MessageContext context = command.getContext();
		this.capture.capture(new CaptureOrder(new JobId(context.getJobId()), new ImageId(command.getImageId()),
				new ServerId(command.getServerId()), new Actor(context.getProjectId(), context.getUserId(), context.getCorrelationId())));
	}

	@KafkaHandler
	void on(ImportImage command) {
		MessageContext context = command.getContext();
		boolean staged = command.getStagedFile() != null && command.getStagedSha256() != null
				&& command.getStagedMd5() != null && command.getStagedSize() != null;
		this.imports.importImage(new ImportOrder(new JobId(context.getJobId()), new ImageId(command.getImageId()),
				command.getUri(), command.getStagedFile(),
				staged ? new Digests(command.getStagedSha256(), command.getStagedMd5(), command.getStagedSize()) : null,
				command.getDiskFormat(), command.getMinDisk(), command.getExpectedSha256(),
				new Actor(context.getProjectId(), context.getUserId(), context.getCorrelationId())));
	}

	@KafkaHandler
	void on(DeleteImageData command) {
		MessageContext context = command.getContext();
		this.removal.remove(new JobId(context.getJobId()), new ImageId(command.getImageId()),
				new Actor(context.getProjectId(), context.getUserId(), context.getCorrelationId()));
	}

	@KafkaHandler(isDefault = true)
	void unknown(Object command) {
		throw new IllegalArgumentException("No handler for " + command.getClass().getSimpleName() + " on "
				+ Topics.IMAGE_COMMANDS + "; this worker version does not know it");
	}

}
