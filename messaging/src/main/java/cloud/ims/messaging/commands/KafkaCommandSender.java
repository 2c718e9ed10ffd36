package cloud.ims.messaging.commands;

import cloud.ims.core.job.CommandSender;
import cloud.ims.core.job.OutboxMessage;
import org.springframework.kafka.core.KafkaOperations;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends a recorded command, already encoded, to its topic under its key; done once the broker acknowledged it.
 */
final class KafkaCommandSender implements CommandSender {

	private final KafkaOperations<String, byte[]> kafka;

	KafkaCommandSender(KafkaOperations<String, byte[]> kafka) {
		this.kafka = kafka;
	}

	@Override
	public Mono<Void> send(OutboxMessage command) {
		// KafkaTemplate.send may block while it fetches metadata, so it must not run on an event-loop thread.
		return Mono.fromFuture(() -> this.kafka.send(command.topic(), command.key(), command.payload()))
			.subscribeOn(Schedulers.boundedElastic())
			.then();
	}

}
