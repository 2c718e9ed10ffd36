package cloud.ims.core.spring;

import cloud.ims.core.store.FilesystemImageStore;
import cloud.ims.core.store.ImageStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The image store alone: the gateway needs it to receive uploads and serve downloads, without the rest of the
 * data plane.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DataPlaneSettings.class)
@Import(StorageConfiguration.class)
public class ImageStoreConfiguration {

	@Bean
	ImageStore imageStore(DataPlaneSettings settings) {
		return new FilesystemImageStore(settings.imageStoreRoot());
	}

}
