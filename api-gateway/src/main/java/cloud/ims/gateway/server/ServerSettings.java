package cloud.ims.gateway.server;

import cloud.ims.core.server.BatchLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of ECS requests: the largest batch and the largest system disk.
 */
@ConfigurationProperties("ims.servers")
record ServerSettings(@DefaultValue("500") int maxCount, @DefaultValue("1024") int maxRootVolumeGb) {

	BatchLimits batchLimits() {
		return new BatchLimits(this.maxCount, this.maxRootVolumeGb);
	}

}
