package cloud.ims.imageworker;

import java.time.Clock;

import cloud.ims.core.spring.DataPlaneConfiguration;
import cloud.ims.core.spring.ImportConfiguration;
import cloud.ims.core.spring.ImsSettingsCheck;
import cloud.ims.core.spring.MongoStoresConfiguration;
import cloud.ims.messaging.WorkerMessagingConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The image-worker: captures ECSs into images and owns the image data plane.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import({ MongoStoresConfiguration.class, DataPlaneConfiguration.class, ImportConfiguration.class,
		WorkerMessagingConfiguration.class })
public class ImageWorkerApplication {

	public static final String CONFIG_NAME = "image-worker";

	/** The application with its own configuration file name, so that it can share a JVM with the others. */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(ImageWorkerApplication.class).web(WebApplicationType.REACTIVE)
			.properties("spring.config.name=" + CONFIG_NAME,
					// Its web server only serves health and metrics, inside the cluster: the VMware Service's
					// health component is for operators to read.
					"management.endpoint.health.show-details=always")
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
