package cloud.ims.gateway.image;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operating-system versions the platform supports, from configuration.
 */
@ConfigurationProperties("ims.images")
record OsVersionSettings(List<OsVersion> osVersions) {

	/** One supported version: its platform, OS type and word size. */
	record OsVersion(String platform, String osType, int osBit, String osVersion) {
	}

}
