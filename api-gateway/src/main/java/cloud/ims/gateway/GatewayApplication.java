package cloud.ims.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The api-gateway: accepts image and ECS requests over HTTPS, records them as jobs and emits commands.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

	public static final String CONFIG_NAME = "api-gateway";

	/** The application with its own configuration file name, so that it can share a JVM with the workers. */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=" + CONFIG_NAME);
	}

	public static void main(String[] args) {
		builder().run(args);
	}
}
