package cloud.ims.core.spring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether this service chooses image-list pages from an in-memory index (the api-gateway does), and how often it
 * reads the whole catalogue again to catch a change whose event it missed.
 */
@ConfigurationProperties("ims.images.list-index")
public record ImageListSettings(@DefaultValue("false") boolean enabled,
		@DefaultValue("5m") Duration reloadInterval) {
}
