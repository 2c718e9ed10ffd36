package cloud.ims.core.spring;

import cloud.ims.core.quota.ImageBytesQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.core.store.FileStoreSpace;
import cloud.ims.core.store.StorageFloor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What bounds the image store: each project's quota of image bytes and the free space its file system keeps.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ StorageSettings.class, ImageBytesSettings.class })
public class StorageConfiguration {

	@Bean
	StorageFloor storageFloor(DataPlaneSettings dataPlane, StorageSettings settings) {
		return new StorageFloor(new FileStoreSpace(dataPlane.imageStoreRoot()), settings.minFree().toBytes());
	}

	@Bean
	ImageBytesQuota imageBytesQuota(ProjectQuotas quotas, ImageBytesSettings quota, StorageSettings settings) {
		return new ImageBytesQuota(quotas, quota.imageBytes().toBytes(), settings.reservationStep().toBytes());
	}

}
