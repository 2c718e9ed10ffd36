package cloud.ims.schemas;

import cloud.ims.messages.CaptureImage;
import cloud.ims.messages.FlavorSpec;
import cloud.ims.messages.ImageChange;
import cloud.ims.messages.ImageChanged;
import cloud.ims.messages.ImageVisibility;
import cloud.ims.messages.JobStatus;
import cloud.ims.messages.JobStatusChanged;
import cloud.ims.messages.MessageContext;
import cloud.ims.messages.ProvisionServer;
import cloud.ims.messages.ProvisionServers;
import cloud.ims.messages.ServerChange;
import cloud.ims.messages.ServerChanged;
import cloud.ims.messages.ServerToProvision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

final class MessageFixtures {

	private MessageFixtures() {
	}

	static List<SpecificRecord> oneOfEachMessage() {
		return List.of(aCaptureImage(), aProvisionServers(), aProvisionServer(), aFailedJob(), anActivatedImage(),
				aFailedServer());
	}

	static MessageContext aContext() {
		return MessageContext.newBuilder()
			.setMessageId("msg-1")
			.setJobId("job-1")
			.setOccurredAt(Instant.ofEpochMilli(1_760_000_000_123L))
			.setCorrelationId("req-1")
			.setProjectId("project-1")
			.setUserId("user-1")
			.build();
	}

	static CaptureImage aCaptureImage() {
		return CaptureImage.newBuilder()
			.setContext(aContext())
			.setImageId("image-1")
			.setServerId("server-1")
			.setName("web-base")
			.setDescription("nginx on debian")
			.setTags(List.of("env.prod", "team.web"))
			.setMinRam(1024)
			.setMaxRam(null)
			.setVisibility(ImageVisibility.PRIVATE)
			.build();
	}

	static FlavorSpec aFlavor() {
		return FlavorSpec.newBuilder().setId("s6.large.2").setName("s6.large.2").setVcpus(2).setRamMb(4096).setDiskGb(40)
			.build();
	}

	static ProvisionServers aProvisionServers() {
		return ProvisionServers.newBuilder()
			.setContext(aContext())
			.setImageId("image-1")
			.setFlavor(aFlavor())
			.setRootVolumeGb(40)
			.setDescription(null)
			.setMetadata(Map.of("owner", "web-team"))
			.setServers(List.of(new ServerToProvision("server-1", "web-1", 0), new ServerToProvision("server-2", "web-2", 1)))
			.build();
	}

	static ProvisionServer aProvisionServer() {
		return ProvisionServer.newBuilder()
			.setContext(aContext())
			.setServerId("server-2")
			.setName("web-2")
			.setSubJobIndex(1)
			.setImageId("image-1")
			.setFlavor(aFlavor())
			.setRootVolumeGb(40)
			.setDescription("second of two")
			.setMetadata(Map.of())
			.build();
	}

	static JobStatusChanged aFailedJob() {
		return JobStatusChanged.newBuilder()
			.setContext(aContext())
			.setJobType("createServers")
			.setStatus(JobStatus.FAIL)
			.setProcessPercent(1.0)
			.setSubJobsTotal(2)
			.setSubJobsSucceeded(1)
			.setSubJobsFailed(1)
			.setErrorCode("Ecs.0001")
			.setFailReason("one server failed")
			.setEntities(Map.of("image_id", "image-1"))
			.build();
	}

	static ImageChanged anActivatedImage() {
		return ImageChanged.newBuilder()
			.setContext(aContext())
			.setImageId("image-1")
			.setChange(ImageChange.ACTIVATED)
			.setName("web-base")
			.setStatus("active")
			.setVisibility("private")
			.setOwner("project-1")
			.setDiskFormat("vmdk")
			.setSize(5_368_709_120L)
			.setChecksum("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
			.build();
	}

	static ServerChanged aFailedServer() {
		return ServerChanged.newBuilder()
			.setContext(aContext())
			.setServerId("server-2")
			.setChange(ServerChange.STATUS_CHANGED)
			.setName("web-2")
			.setStatus("ERROR")
			.setImageId("image-1")
			.setFlavorId("s6.large.2")
			.setFaultCode("Ecs.0002")
			.setFaultMessage("no capacity")
			.build();
	}

}
