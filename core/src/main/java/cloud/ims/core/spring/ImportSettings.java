package cloud.ims.core.spring;

import java.time.Duration;
import java.util.Set;

import cloud.ims.core.imports.ThroughputFloor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of image imports: the largest file, how long a source may stall or take in all, how many redirects are
 * followed, and the internal hosts that may nevertheless be downloaded from ({@code ims.import.allowed-hosts}, a
 * comma-separated list of names or addresses, empty by default); and the least a source must deliver,
 * {@code min-throughput} a second over every {@code min-throughput-window} ({@code 0B}: no floor).
 */
@ConfigurationProperties("ims.import")
public record ImportSettings(@DefaultValue Set<String> allowedHosts, @DefaultValue("128GB") DataSize maxSize,
		@DefaultValue("30s") Duration stallTimeout, @DefaultValue("6h") Duration totalTimeout,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("5") int maxRedirects,
		@DefaultValue("1MB") DataSize minThroughput, @DefaultValue("60s") Duration minThroughputWindow) {

	public ImportSettings {
		throughputFloor(minThroughput, minThroughputWindow);
	}

	/** The least a source must deliver (a checked setting: the service does not start with a wrong one). */
	public ThroughputFloor throughputFloor() {
		return throughputFloor(this.minThroughput, this.minThroughputWindow);
	}

	private static ThroughputFloor throughputFloor(DataSize minThroughput, Duration window) {
		return new ThroughputFloor(minThroughput.toBytes(), window);
	}

}
