package cloud.ims.gateway.server;

import java.util.List;

import cloud.ims.core.server.Flavor;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The flavor catalogue (server sizes) offered to every project, from configuration.
 */
@ConfigurationProperties("ims.compute")
record FlavorSettings(List<Flavor> flavors) {
}
