package cloud.ims.gateway.image;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many imports (URL imports of both dialects, Glance's web-download and glance-direct imports) a project may have
 * under way at once ({@link ImportAdmission}).
 */
@ConfigurationProperties("ims.quota")
public record ImportAdmissionSettings(@DefaultValue("5") int importsInProgress) {
}
