package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import cloud.ims.core.operations.BreakerState;
import cloud.ims.core.operations.BreakerStates;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells operators, through MongoDB, the state of this instance's VMware Service breaker: at start-up and on every
 * transition, so that any gateway can show every worker's breaker. A report that cannot be stored is logged and the
 * work goes on: the breaker protects calls, the report only describes it.
 */
@Component
class BreakerReport {

	private static final Logger log = LoggerFactory.getLogger(BreakerReport.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

	private final CircuitBreaker breaker;

	private final BreakerStates states;

	private final WorkerInstance instance;

	private final Clock clock;

	private Instant since;

	@Autowired
	BreakerReport(ResilientCompute compute, BreakerStates states, WorkerInstance instance, Clock clock) {
		this(compute.breaker(), states, instance, clock);
	}

	BreakerReport(CircuitBreaker breaker, BreakerStates states, WorkerInstance instance, Clock clock) {
		this.breaker = breaker;
		this.states = states;
		this.instance = instance;
		this.clock = clock;
		this.since = clock.instant();
		this.breaker.getEventPublisher().onStateTransition(this::transitioned);
	}

	@EventListener(ApplicationReadyEvent.class)
	void started() {
		report();
	}

	private synchronized void transitioned(CircuitBreakerOnStateTransitionEvent event) {
		Instant at = event.getCreationTime().toInstant();
		if (at.isAfter(this.since)) {
			this.since = at;
		}
		report();
	}

	/**
	 * Reports the breaker's current state rather than the event's: transitions published by different threads may be
	 * seen out of order, and the last write must still be the truth.
	 */
	private synchronized void report() {
		BreakerState state = new BreakerState(this.breaker.getName(), this.instance.id(),
				this.breaker.getState().name(), this.since, this.clock.instant());
		try {
			this.states.record(state).block(STORE_TIMEOUT);
		}
		catch (RuntimeException ex) {
			log.warn("Breaker state {} of {} not reported: {}", state.state(), state.instance(), ex.toString());
		}
	}

}
