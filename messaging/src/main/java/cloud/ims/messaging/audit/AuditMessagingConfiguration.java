package cloud.ims.messaging.audit;

import cloud.ims.core.audit.AuditPublisher;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** The audit topic's publisher, for the api-gateway, which records the traces. */
@Configuration(proxyBeanMethods = false)
public class AuditMessagingConfiguration {

	@Bean
	AuditPublisher auditPublisher(KafkaTemplate<String, SpecificRecord> avroKafkaTemplate) {
		return new KafkaAuditPublisher(avroKafkaTemplate);
	}

}
