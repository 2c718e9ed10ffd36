package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverStatus;
import cloud.ims.core.operations.BreakerState;
import cloud.ims.core.operations.BreakerStates;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells operators, through MongoDB, the state of this instance's VMware Service breaker and which VMware Service it
 * drives and whether that answers: at start-up, on every transition and every {@code refresh} (so that an outage of
 * vCenter shows even while no ECS is being worked on), so that any gateway can show every worker's. A report that
 * cannot be stored is logged and the work goes on: the breaker protects calls, the report only describes it.
 */
@Component
class BreakerReport implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(BreakerReport.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

	static final Duration REFRESH = Duration.ofSeconds(30);

	private final CircuitBreaker breaker;

	private final BreakerStates states;

	private final WorkerInstance instance;

	private final Clock clock;

	private final Supplier<DriverStatus> driverStatus;

	private final Duration refresh;

	private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "driver-report");
		thread.setDaemon(true);
		return thread;
	});

	private Instant since;

	private @Nullable DriverStatus driver;

	@Autowired
	BreakerReport(ResilientCompute compute, ComputeDriver driver, BreakerStates states, WorkerInstance instance,
			Clock clock) {
		this(compute.breaker(), driver::status, states, instance, clock, REFRESH);
	}

	BreakerReport(CircuitBreaker breaker, Supplier<DriverStatus> driverStatus, BreakerStates states,
			WorkerInstance instance, Clock clock, Duration refresh) {
		this.breaker = breaker;
		this.driverStatus = driverStatus;
		this.states = states;
		this.instance = instance;
		this.clock = clock;
		this.refresh = refresh;
		this.since = clock.instant();
		this.breaker.getEventPublisher().onStateTransition(this::transitioned);
	}

	@EventListener(ApplicationReadyEvent.class)
	void started() {
		refresh();
		this.refresher.scheduleWithFixedDelay(this::refresh, this.refresh.toMillis(), this.refresh.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Asks the driver afresh, then reports. Transitions report the last answer instead: they happen on the threads
	 * that call the service, which must not wait for it once more.
	 */
	void refresh() {
		DriverStatus status;
		try {
			status = this.driverStatus.get();
		}
		catch (RuntimeException ex) {
			status = new DriverStatus("unknown", "", false, ex.toString());
		}
		synchronized (this) {
			this.driver = status;
		}
		report();
	}

	@Override
	public void destroy() {
		this.refresher.shutdownNow();
	}

	/**
	 * Called on the thread that completed a call to the VMware Service (an HTTP client's or a timer's): the write to
	 * MongoDB goes to the report's own thread, so that thread never waits for it.
	 */
	private void transitioned(CircuitBreakerOnStateTransitionEvent event) {
		Instant at = event.getCreationTime().toInstant();
		synchronized (this) {
			if (at.isAfter(this.since)) {
				this.since = at;
			}
		}
		try {
			this.refresher.execute(this::report);
		}
		catch (RejectedExecutionException stopping) {
			log.debug("Breaker transition to {} not reported: the worker is stopping", event.getStateTransition());
		}
	}

	/**
	 * Reports the breaker's current state rather than the event's: transitions published by different threads may be
	 * seen out of order, and the last write must still be the truth.
	 */
	private synchronized void report() {
		BreakerState state = new BreakerState(this.breaker.getName(), this.instance.id(),
				this.breaker.getState().name(), this.since, this.clock.instant(), this.driver);
		try {
			this.states.record(state).block(STORE_TIMEOUT);
		}
		catch (RuntimeException ex) {
			log.warn("Breaker state {} of {} not reported: {}", state.state(), state.instance(), ex.toString());
		}
	}

}
