package cloud.ims.gateway.job;

import java.time.Clock;
import java.time.Duration;

import cloud.ims.core.job.Jobs;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Re-sends the commands of accepted jobs that are not confirmed sent: after a Kafka outage, or when the
 * gateway that accepted them stopped before it could send. Any gateway instance may run it: consumers are
 * idempotent, so a command sent twice has one effect.
 */
@Component
class OutboxRelay {

	private final Jobs jobs;

	private final CommandDispatcher dispatcher;

	private final OutboxSettings settings;

	private final Clock clock;

	OutboxRelay(Jobs jobs, CommandDispatcher dispatcher, OutboxSettings settings, Clock clock) {
		this.jobs = jobs;
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${ims.outbox.relay-interval:2s}", initialDelayString = "${ims.outbox.relay-interval:2s}")
	void relayPending() {
		this.jobs.awaitingDispatch(this.clock.instant().minus(this.settings.grace()), this.settings.batchSize())
			.concatMap(this.dispatcher::dispatch)
			.then()
			.block(Duration.ofMinutes(5));
	}

}
