package cloud.ims.gateway.ops;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the operations view watches: the consumer groups of the workers, whose lag it shows.
 */
@ConfigurationProperties("ims.operations")
record OperationsSettings(@DefaultValue({ "image-worker", "provisioning-worker" }) List<String> consumerGroups) {
}
