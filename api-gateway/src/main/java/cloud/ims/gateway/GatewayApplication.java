package cloud.ims.gateway;

import java.time.Clock;

import cloud.ims.core.spring.ImageStoreConfiguration;
import cloud.ims.core.spring.ImportConfiguration;
import cloud.ims.core.spring.ImsSettingsCheck;
import cloud.ims.core.spring.MongoStoresConfiguration;
import cloud.ims.messaging.MessagingConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The api-gateway: accepts image and ECS requests over HTTPS, records them as jobs and emits commands.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import({ MongoStoresConfiguration.class, MessagingConfiguration.class, ImageStoreConfiguration.class,
		ImportConfiguration.class })
public class GatewayApplication {

	public static final String CONFIG_NAME = "api-gateway";

	/** The application with its own configuration file name, so that it can share a JVM with the workers. */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=" + CONFIG_NAME)
			.listeners(new ImsSettingsCheck());
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		builder().run(args);
	}
}
