package cloud.ims.core.spring;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cloud.ims.core.compute.vsphere.VsphereSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The vCenter that {@code ims.driver.type=vsphere} drives. The password comes from {@code password} (also the
 * environment variable {@code IMS_VSPHERE_PASSWORD}) or from the file {@code password-file} (e.g. a mounted
 * secret), never from both.
 *
 * @param url the SDK endpoint, e.g. {@code https://vcenter.example.com/sdk}
 * @param username the vCenter user IMS acts as
 * @param password its password
 * @param passwordFile a file holding the password (a trailing line break is ignored)
 * @param datacenter the datacenter's name, optional if there is only one
 * @param cluster the cluster ECSs run on, optional if there is only one
 * @param resourcePool a resource pool of the cluster, instead of its root pool
 * @param datastore where ECS disks are kept, optional if there is only one
 * @param folder the VM folder for ECSs and image templates
 * @param network the network ECSs are connected to
 * @param thumbprint the SHA-256 fingerprint of vCenter's certificate to pin (hex, colons optional)
 * @param caFile PEM certificates to trust for vCenter
 * @param taskTimeout how long one vSphere task may run before IMS gives up on it
 * @param softStopTimeout how long a guest may take to shut down before a SOFT stop powers it off
 * @param taskPollInterval how often the state of pending vSphere tasks is read
 */
@ConfigurationProperties("ims.vsphere")
public record VsphereProperties(@Nullable URI url, @Nullable String username, @Nullable String password,
		@Nullable Path passwordFile, @Nullable String datacenter, @Nullable String cluster,
		@Nullable String resourcePool, @Nullable String datastore, @Nullable String folder, @Nullable String network,
		@Nullable String thumbprint, @Nullable Path caFile, @DefaultValue("10m") Duration taskTimeout,
		@DefaultValue("2m") Duration softStopTimeout, @DefaultValue("500ms") Duration taskPollInterval) {

	/**
	 * The settings of the vSphere driver, or {@link InvalidSettings} naming what is missing or wrong, so that a worker
	 * that cannot drive vCenter fails its start instead of failing every ECS.
	 */
	public VsphereSettings toSettings() {
		List<String> problems = new ArrayList<>();
		if (this.url == null) {
			problems.add("ims.vsphere.url (IMS_VSPHERE_URL) is not set: the vCenter SDK endpoint, e.g. "
					+ "https://vcenter.example.com/sdk");
		}
		else if (!this.url.isAbsolute() || this.url.getHost() == null
				|| !("https".equals(this.url.getScheme()) || "http".equals(this.url.getScheme()))) {
			problems.add("ims.vsphere.url must be an https:// URL with a host (http:// only on loopback), e.g. "
					+ "https://vcenter.example.com/sdk, not "
					+ this.url);
		}
		if (isBlank(this.username)) {
			problems.add("ims.vsphere.username (IMS_VSPHERE_USERNAME) is not set");
		}
		String secret = password(problems);
		if (!positive(this.taskTimeout) || !positive(this.softStopTimeout) || !positive(this.taskPollInterval)) {
			problems.add("ims.vsphere.task-timeout, soft-stop-timeout and task-poll-interval must be positive");
		}
		if (!problems.isEmpty() || this.url == null || this.username == null || secret == null) {
			throw new InvalidSettings("ims.driver.type=vsphere, but " + String.join("; ", problems) + ".",
					"Set the missing ims.vsphere.* settings (see 'Running on vSphere' in README.md), or drive the "
							+ "simulated VMware Service with ims.driver.type=simulated.");
		}
		return new VsphereSettings(this.url, this.username, secret, this.caFile, this.thumbprint, this.datacenter,
				this.cluster, this.resourcePool, this.datastore, this.folder, this.network, this.taskTimeout,
				this.softStopTimeout, this.taskPollInterval);
	}

	private @Nullable String password(List<String> problems) {
		if (this.passwordFile != null && !isBlank(this.password)) {
			problems.add("both ims.vsphere.password and ims.vsphere.password-file are set: keep one");
			return null;
		}
		if (this.passwordFile != null) {
			try {
				String content = Files.readString(this.passwordFile).strip();
				if (content.isEmpty()) {
					problems.add("ims.vsphere.password-file " + this.passwordFile + " is empty");
					return null;
				}
				return content;
			}
			catch (IOException ex) {
				problems.add("ims.vsphere.password-file " + this.passwordFile + " cannot be read (" + ex + ")");
				return null;
			}
		}
		if (isBlank(this.password)) {
			problems.add("ims.vsphere.password (IMS_VSPHERE_PASSWORD) or ims.vsphere.password-file is not set");
			return null;
		}
		return this.password;
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	/** Without the password, so that it never reaches a log. */
	@Override
	public String toString() {
		return "VsphereProperties[url=" + this.url + ", username=" + this.username + ", datacenter=" + this.datacenter
				+ ", cluster=" + this.cluster + "]";
	}

}
