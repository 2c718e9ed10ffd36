package cloud.ims.imageworker;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The public images a new installation starts with, so that tenants can create ECSs at once.
 */
@ConfigurationProperties("ims.seed")
record PublicImageSettings(@DefaultValue("true") boolean enabled, @DefaultValue("admin") String owner,
		List<SeedImage> publicImages) {

	/** One public image: a real, empty disk of the given virtual size. */
	record SeedImage(String name, @DefaultValue("Linux") String osType, String osVersion,
			@DefaultValue("Other") String platform, @DefaultValue("64") String osBit,
			@DefaultValue("1GB") DataSize virtualSize, @DefaultValue("1") int minDisk, String description) {
	}

}
