package cloud.ims.gateway.image;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How images are shared between projects: at most {@code memberLimit} projects per image (Glance's
 * {@code image_member_quota}, 128 by default).
 */
@ConfigurationProperties("ims.images.sharing")
record SharingSettings(@DefaultValue("128") int memberLimit) {
}
