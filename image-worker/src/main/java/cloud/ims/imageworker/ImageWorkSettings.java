package cloud.ims.imageworker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many image commands (imports, captures, copies, exports, deletions) one image-worker runs at once, whatever
 * the partitions and consumer threads: each holds a thread of its own while it downloads, hashes and runs qemu-img,
 * so the default is sized for two cores, most of the work being the network's or the disk's.
 */
@ConfigurationProperties("ims.image-worker")
public record ImageWorkSettings(@DefaultValue("8") int maxInFlight) {

	public ImageWorkSettings {
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("ims.image-worker.max-in-flight must be at least 1, not " + maxInFlight);
		}
	}

}
