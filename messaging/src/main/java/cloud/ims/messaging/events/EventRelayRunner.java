package cloud.ims.messaging.events;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import cloud.ims.core.common.Completions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs the relay every {@code ims.events.relay.interval} on a thread of its own, from the start of the application to
 * its stop; a round that fails (MongoDB or Kafka unreachable) is logged and the next one tries again.
 */
final class EventRelayRunner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventRelayRunner.class);

	private final EventRelay relay;

	private final EventRelaySettings settings;

	private volatile ScheduledExecutorService timer;

	EventRelayRunner(EventRelay relay, EventRelaySettings settings) {
		this.relay = relay;
		this.settings = settings;
	}

	@Override
	public void start() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("event-relay-");
		threads.setDaemon(true);
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(threads);
		started.scheduleWithFixedDelay(this::relayQuietly, this.settings.interval().toMillis(),
				this.settings.interval().toMillis(), TimeUnit.MILLISECONDS);
		this.timer = started;
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.timer;
		this.timer = null;
		if (running != null) {
			running.shutdown();
			try {
				running.awaitTermination(this.settings.leaseTime().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
	}

	private void relayQuietly() {
		try {
			this.relay.relay();
		}
		catch (RuntimeException ex) {
			log.warn("Event relay round failed, the events wait for the next one: {}", Completions.cause(ex).toString());
		}
	}

}
