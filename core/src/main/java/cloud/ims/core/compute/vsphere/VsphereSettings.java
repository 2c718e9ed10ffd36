package cloud.ims.core.compute.vsphere;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How to reach a vCenter and where in its inventory IMS puts ECSs. The inventory names are optional where the
 * inventory has exactly one of a kind; a name that does not exist fails the start with what does.
 *
 * @param url the SDK endpoint, e.g. {@code https://vcenter.example.com/sdk}; {@code http://} only on loopback
 * @param thumbprint the SHA-256 fingerprint of vCenter's certificate to pin (hex, colons optional), or null
 * @param caFile PEM certificates to trust for vCenter, or null (with neither, the JVM's trust store decides)
 * @param resourcePool a resource pool's inventory path or name, instead of the cluster's root pool
 * @param taskTimeout how long any one vSphere task may run before IMS gives up on it
 * @param softStopTimeout how long a guest may take to shut down before a SOFT stop powers it off
 * @param taskPollInterval how often the state of every pending task is read, in one request for all of them
 */
public record VsphereSettings(URI url, String username, String password, @Nullable Path caFile,
		@Nullable String thumbprint, @Nullable String datacenter, @Nullable String cluster,
		@Nullable String resourcePool, @Nullable String datastore, @Nullable String folder, @Nullable String network,
		Duration taskTimeout, Duration softStopTimeout, Duration taskPollInterval) {

	/** The settings without the password, which must not reach a log. */
	@Override
	public String toString() {
		return "VsphereSettings[url=" + this.url + ", username=" + this.username + ", password=******, caFile="
				+ this.caFile + ", thumbprint=" + this.thumbprint + ", datacenter=" + this.datacenter + ", cluster="
				+ this.cluster + ", resourcePool=" + this.resourcePool + ", datastore=" + this.datastore + ", folder="
				+ this.folder + ", network=" + this.network + ", taskTimeout=" + this.taskTimeout
				+ ", softStopTimeout=" + this.softStopTimeout + ", taskPollInterval=" + this.taskPollInterval + "]";
	}

}
