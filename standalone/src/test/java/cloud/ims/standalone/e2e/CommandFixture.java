package cloud.ims.standalone.e2e;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import cloud.ims.core.common.Actor;
import cloud.ims.core.job.JobId;
import cloud.ims.messages.CaptureImage;
import cloud.ims.messages.FlavorSpec;
import cloud.ims.messages.ImportImage;
import cloud.ims.messages.ImportSource;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.NewImage;
import cloud.ims.messages.ProvisionServers;
import cloud.ims.messages.ServerToProvision;
import org.jspecify.annotations.Nullable;

/**
 * Commands as the gateway records them, for tests that play a gateway which stopped at an awkward moment.
 */
final class CommandFixture {

	private CommandFixture() {
	}

	/** A batch of one small ECS from the given image. */
	static ProvisionServers provisionOne(JobId jobId, String serverId, String name, String imageId, Actor actor) {
		return ProvisionServers.newBuilder()
			.setContext(context(jobId, actor))
			.setImageId(imageId)
			.setFlavor(FlavorSpec.newBuilder().setId("s6.small.1").setName("s6.small.1").setVcpus(1).setRamMb(1024)
				.setDiskGb(10).build())
			.setRootVolumeGb(10)
			.setServers(List.of(ServerToProvision.newBuilder().setServerId(serverId).setName(name).setSubJobIndex(0)
				.build()))
			.build();
	}

	/** A download of a URL into an image; with the image as the gateway records it when the download creates it. */
	static ImportImage importFromUrl(JobId jobId, String imageId, String url, @Nullable NewImage image, Actor actor) {
		return ImportImage.newBuilder()
			.setContext(context(jobId, actor))
			.setImageId(imageId)
			.setSource(ImportSource.WEB_DOWNLOAD)
			.setUri(url)
			.setMinDisk(1)
			.setImage(image)
			.build();
	}

	/** The capture of an ECS into a new image, as the gateway records it. */
	static CaptureImage capture(JobId jobId, String imageId, String serverId, NewImage image, Actor actor) {
		return CaptureImage.newBuilder()
			.setContext(context(jobId, actor))
			.setImageId(imageId)
			.setServerId(serverId)
			.setName(image.getName())
			.setImage(image)
			.build();
	}

	/** A new private image with metadata of its own, so that a test can tell it was recorded from the command. */
	static NewImage newImage(String name, String dataOrigin) {
		return NewImage.newBuilder()
			.setName(name)
			.setTags(List.of("recovered.yes"))
			.setMinDisk(3)
			.setMinRam(512)
			.setOsVersion("Ubuntu 22.04 server 64bit")
			.setPlatform("Ubuntu")
			.setDescription("recorded by the worker")
			.setDataOrigin(dataOrigin)
			.setCreatedAt(Instant.now())
			.build();
	}

	private static MessageContext context(JobId jobId, Actor actor) {
		return MessageContext.newBuilder()
			.setMessageId(UUID.randomUUID().toString())
			.setJobId(jobId.value())
			.setOccurredAt(Instant.now())
			.setCorrelationId(actor.correlationId())
			.setProjectId(actor.projectId())
			.setUserId(actor.userId())
			.build();
	}

}
