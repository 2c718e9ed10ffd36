package cloud.ims.imageworker;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Image exports: how long an export kept in the image store stays downloadable and how often expired ones are swept
 * away; for exports PUT to a URL, the certificates trusted besides the JDK's (a PEM file, e.g. the CA of an object
 * store inside the data centre) and the time limits of the upload.
 */
@ConfigurationProperties("ims.export")
record ExportSettings(@DefaultValue("24h") Duration retention, @DefaultValue("10m") Duration sweepInterval,
		@Nullable Path trustedCertificates, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("60s") Duration stallTimeout, @DefaultValue("6h") Duration totalTimeout) {
}
