package cloud.ims.gateway.job;

import java.time.Duration;

import cloud.ims.core.job.CommandSender;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends a job's recorded command to the workers and marks it dispatched once the broker acknowledged it.
 * A send that fails leaves the job pending; the {@link OutboxRelay} tries again.
 */
@Component
public class CommandDispatcher {

	private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

	private final CommandSender commands;

	private final Jobs jobs;

	CommandDispatcher(CommandSender commands, Jobs jobs) {
		this.commands = commands;
		this.jobs = jobs;
	}

	/** Dispatches in the background: the caller's answer does not wait for Kafka. */
	public void dispatchLater(Job job) {
		dispatch(job).subscribe();
	}

	/** Sends the command of a job again, though it was sent before: the watchdog's way to resume a stalled job. */
	public Mono<Void> resend(Job job) {
		OutboxMessage command = job.outbox();
		if (command == null) {
			return Mono.empty();
		}
		return this.commands.send(command).timeout(SEND_TIMEOUT);
	}

	/** Sends the command and records that it was sent; completes empty when it could not be sent now. */
	Mono<Job> dispatch(Job job) {
		OutboxMessage command = job.outbox();
		if (command == null || command.dispatched()) {
			return Mono.just(job);
		}
		return this.commands.send(command)
			.timeout(SEND_TIMEOUT)
			.then(this.jobs.update(job.id(), Job::dispatched))
			.onErrorResume((failure) -> {
				log.warn("Command of job {} not sent yet ({}); the outbox relay will retry", job.id(),
						failure.toString());
				return Mono.empty();
			});
	}

}
