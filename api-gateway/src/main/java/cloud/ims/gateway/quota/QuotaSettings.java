package cloud.ims.gateway.quota;

import cloud.ims.core.quota.ComputeLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The default quotas of every project; admins override them per project.
 */
@ConfigurationProperties("ims.quota")
public record QuotaSettings(@DefaultValue("100") int images, @DefaultValue("1000") int instances,
		@DefaultValue("4000") int cores, @DefaultValue("8192000") long ramMb) {

	public ComputeLimits computeDefaults() {
		return new ComputeLimits(this.instances, this.cores, this.ramMb);
	}

}
