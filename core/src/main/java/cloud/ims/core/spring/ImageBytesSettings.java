package cloud.ims.core.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The bytes of image data every project may hold unless an admin sets its own limit ({@code ims.quota.image-bytes},
 * ADR 38): the gateway and the image-worker both apply it.
 */
@ConfigurationProperties("ims.quota")
public record ImageBytesSettings(@DefaultValue("1TB") DataSize imageBytes) {
}
