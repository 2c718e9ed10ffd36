package cloud.ims.core.spring;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of image imports: the largest file, how long a source may stall or take in all, how many redirects are
 * followed, and the internal hosts that may nevertheless be downloaded from ({@code ims.import.allowed-hosts}, a
 * comma-separated list of names or addresses, empty by default).
 */
@ConfigurationProperties("ims.import")
public record ImportSettings(@DefaultValue Set<String> allowedHosts, @DefaultValue("128GB") DataSize maxSize,
		@DefaultValue("30s") Duration stallTimeout, @DefaultValue("6h") Duration totalTimeout,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("5") int maxRedirects) {
}
