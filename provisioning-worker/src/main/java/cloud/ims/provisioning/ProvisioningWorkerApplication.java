package cloud.ims.provisioning;

import java.time.Clock;

import cloud.ims.core.spring.DataPlaneConfiguration;
import cloud.ims.core.spring.ImsSettingsCheck;
import cloud.ims.core.spring.MongoStoresConfiguration;
import cloud.ims.messaging.WorkerMessagingConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The provisioning-worker: creates ECSs in batches and manages their lifecycle through the VMware Service driver.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({ MongoStoresConfiguration.class, DataPlaneConfiguration.class, WorkerMessagingConfiguration.class })
public class ProvisioningWorkerApplication {

	public static final String CONFIG_NAME = "provisioning-worker";

	/** The application with its own configuration file name, so that it can share a JVM with the others. */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(ProvisioningWorkerApplication.class).web(WebApplicationType.REACTIVE)
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
