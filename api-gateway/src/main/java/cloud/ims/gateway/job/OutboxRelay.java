package cloud.ims.gateway.job;

import java.time.Clock;
import java.time.Duration;

import cloud.ims.core.job.Jobs;
import cloud.ims.gateway.web.StoreOutages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Re-sends the commands of accepted jobs that are not confirmed sent: after a Kafka outage, or when the
 * gateway that accepted them stopped before it could send. Any gateway instance may run it: consumers are
 * idempotent, so a command sent twice has one effect.
 */
@Component
class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

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
		try {
			this.jobs.awaitingDispatch(this.clock.instant().minus(this.settings.grace()), this.settings.batchSize())
				.concatMap(this.dispatcher::dispatch)
				.then()
				.block(Duration.ofMinutes(5));
		}
		catch (RuntimeException failure) {
			if (!StoreOutages.isOutage(failure)) {
				throw failure;
			}
			// Expected while MongoDB is down: one line per round, and the next round tries again.
			log.warn("Outbox relay skipped a round: MongoDB unreachable ({})", failure.getClass().getSimpleName());
		}
	}

}
