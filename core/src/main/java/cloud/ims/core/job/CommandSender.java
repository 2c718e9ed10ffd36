package cloud.ims.core.job;

import reactor.core.publisher.Mono;

/**
 * Carries a job's recorded command to the workers. The job keeps the command in its outbox until a send completed,
 * so a send that fails only delays the command.
 */
public interface CommandSender {

	/** Completes once the command is accepted for delivery, or fails when it was not. */
	Mono<Void> send(OutboxMessage command);

}
