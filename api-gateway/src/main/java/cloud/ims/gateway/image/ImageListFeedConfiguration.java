package cloud.ims.gateway.image;

import cloud.ims.messaging.images.ImageEventsConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Subscribes {@link ImageListFeed} to the image events, in a consumer group of this replica's own that commits
 * nothing, so that it disappears with the replica and a restarted replica starts from a full read of the catalogue.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ims.images.list-index.enabled", havingValue = "true")
@Import(ImageEventsConfiguration.class)
class ImageListFeedConfiguration {
}
