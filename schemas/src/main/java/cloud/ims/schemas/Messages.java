package cloud.ims.schemas;

import cloud.ims.messages.AuditTraceRecorded;
import cloud.ims.messages.CaptureImage;
import cloud.ims.messages.CopyImage;
import cloud.ims.messages.DeleteImageData;
import cloud.ims.messages.ExportImage;
import cloud.ims.messages.ImageChanged;
import cloud.ims.messages.ImportImage;
import cloud.ims.messages.JobStatusChanged;
import cloud.ims.messages.OperateServer;
import cloud.ims.messages.OperateServers;
import cloud.ims.messages.ProvisionServer;
import cloud.ims.messages.ProvisionServers;
import cloud.ims.messages.ServerChanged;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The top-level message records that travel on Kafka; nested types travel only inside them.
 */
final class Messages {

	static final List<Class<? extends SpecificRecordBase>> TYPES = List.of(
			CaptureImage.class,
			DeleteImageData.class,
			ImportImage.class,
			CopyImage.class,
			ExportImage.class,
			ProvisionServers.class,
			ProvisionServer.class,
			OperateServers.class,
			OperateServer.class,
			JobStatusChanged.class,
			ImageChanged.class,
			ServerChanged.class,
			AuditTraceRecorded.class);

	private Messages() {
	}

}
