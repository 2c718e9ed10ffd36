package cloud.ims.messaging.inflight;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * Stops the work in flight before the listener containers stop: no new work starts, and the work in flight may
 * finish (and be committed as the containers stop) for up to {@link #STOP_TIMEOUT}.
 */
final class InFlightDrain implements SmartLifecycle {

	/** How long a stopping worker lets the work in flight finish; what is not done by then is redelivered. */
	static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private static final Logger log = LoggerFactory.getLogger(InFlightDrain.class);

	private final InFlightListeners listeners;

	private volatile boolean running;

	InFlightDrain(InFlightListeners listeners) {
		this.listeners = listeners;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			for (InFlightWork work : this.listeners.all()) {
				if (!work.stop(STOP_TIMEOUT)) {
					log.warn("Work in flight did not finish within {}; it is redelivered after the restart",
							STOP_TIMEOUT);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stopped first: the containers (DEFAULT_PHASE) keep committing the acknowledgements meanwhile.
		return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
	}

}
