package cloud.ims.gateway.quota;

import java.time.Duration;

import cloud.ims.core.quota.ComputeLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The default quotas of every project, which admins override per project, and how often the recorded usage is
 * checked against what exists.
 */
@ConfigurationProperties("ims.quota")
public record QuotaSettings(@DefaultValue("100") int images, @DefaultValue("1000") int instances,
		@DefaultValue("4000") int cores, @DefaultValue("8192000") long ramMb,
		@DefaultValue("5m") Duration reconcileInterval) {

	public ComputeLimits computeDefaults() {
		return new ComputeLimits(this.instances, this.cores, this.ramMb);
	}

}
