package cloud.ims.gateway.image;

import java.util.List;

import cloud.ims.core.image.OperatingSystem;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operating-system versions the platform supports, from configuration.
 */
@ConfigurationProperties("ims.images")
record OsVersionSettings(List<OsVersion> osVersions) {

	/** One supported version: its platform, OS type and word size. */
	record OsVersion(String platform, String osType, int osBit, String osVersion) {

		OperatingSystem operatingSystem() {
			return new OperatingSystem(this.osType, this.osVersion, this.platform, String.valueOf(this.osBit));
		}

	}

}
