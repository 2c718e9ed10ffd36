package cloud.ims.gateway.ops;

import cloud.ims.messaging.ops.OperationsMessagingConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Brings what the operators' views read from Kafka: the dead-letter topics and the consumer groups' lag.
 */
@Configuration(proxyBeanMethods = false)
@Import(OperationsMessagingConfiguration.class)
class OperationsConfiguration {
}
