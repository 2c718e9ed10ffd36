package cloud.ims.core.spring;

import cloud.ims.core.imports.SourcePolicy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rules of image imports, shared by the gateway (early checks) and the image-worker (the download itself).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ImportSettings.class)
public class ImportConfiguration {

	@Bean
	SourcePolicy sourcePolicy(ImportSettings settings) {
		return new SourcePolicy(settings.allowedHosts());
	}

}
