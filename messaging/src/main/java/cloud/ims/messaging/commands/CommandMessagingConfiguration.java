package cloud.ims.messaging.commands;

import cloud.ims.core.job.CommandSender;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The senders of commands: the gateway's recorded commands, already encoded, and the Avro per-ECS commands a worker
 * fans a batch out into.
 */
@Configuration(proxyBeanMethods = false)
public class CommandMessagingConfiguration {

	@Bean
	CommandSender commandSender(KafkaTemplate<String, byte[]> bytesKafkaTemplate) {
		return new KafkaCommandSender(bytesKafkaTemplate);
	}

	@Bean
	KafkaServerCommands kafkaServerCommands(KafkaTemplate<String, SpecificRecord> avroKafkaTemplate) {
		return new KafkaServerCommands(avroKafkaTemplate);
	}

}
