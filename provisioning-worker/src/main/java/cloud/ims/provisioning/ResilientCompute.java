package cloud.ims.provisioning;

import java.util.Optional;
import java.util.function.Supplier;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmSpec;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.CircuitBreakerMetricNames;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The VMware Service behind retry, circuit breaker and bulkhead. Only transient failures
 * ({@link DriverUnavailable}) are retried and counted by the breaker; state conflicts and permanent failures
 * pass straight through. This is the one retry owner for driver calls: the listener does not redeliver them.
 */
@Component
class ResilientCompute {

	/** The breaker's meters under the project's prefix: {@code ims_driver_breaker_state{name, state}} and the like. */
	private static final CircuitBreakerMetricNames BREAKER_METRICS = CircuitBreakerMetricNames.custom()
		.stateMetricName("ims.driver.breaker.state")
		.callsMetricName("ims.driver.breaker.calls")
		.notPermittedCallsMetricName("ims.driver.breaker.not.permitted.calls")
		.bufferedCallsMetricName("ims.driver.breaker.buffered.calls")
		.slowCallsMetricName("ims.driver.breaker.slow.calls")
		.failureRateMetricName("ims.driver.breaker.failure.rate")
		.slowCallRateMetricName("ims.driver.breaker.slow.call.rate")
		.build();

	private final ComputeDriver driver;

	private final Retry retry;

	private final CircuitBreaker breaker;

	private final Bulkhead bulkhead;

	ResilientCompute(ComputeDriver driver, DriverResilienceSettings settings, MeterRegistry meterRegistry) {
		this.driver = driver;
		CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
		this.breaker = breakers.circuitBreaker("vmware", CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.failureRateThreshold())
			.slidingWindowSize(settings.slidingWindowSize())
			.minimumNumberOfCalls(Math.min(10, settings.slidingWindowSize()))
			.waitDurationInOpenState(settings.openStateWait())
			.permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.recordExceptions(DriverUnavailable.class)
			.build());
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(BREAKER_METRICS, breakers).bindTo(meterRegistry);
		this.retry = Retry.of("vmware", RetryConfig.custom()
			.maxAttempts(settings.maxAttempts())
			.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5,
					settings.maxBackoff()))
			.retryExceptions(DriverUnavailable.class)
			.build());
		this.bulkhead = Bulkhead.of("vmware", BulkheadConfig.custom()
			.maxConcurrentCalls(settings.maxConcurrentCalls())
			.maxWaitDuration(settings.maxWaitForCall())
			.build());
	}

	VirtualMachine create(VmSpec spec) {
		return call(() -> this.driver.create(spec));
	}

	VirtualMachine start(String serverId) {
		return call(() -> this.driver.start(serverId));
	}

	VirtualMachine stop(String serverId, boolean hard) {
		return call(() -> this.driver.stop(serverId, hard));
	}

	VirtualMachine reboot(String serverId, boolean hard) {
		return call(() -> this.driver.reboot(serverId, hard));
	}

	void delete(String serverId) {
		call(() -> {
			this.driver.delete(serverId);
			return serverId;
		});
	}

	Optional<VirtualMachine> find(String serverId) {
		return call(() -> this.driver.find(serverId));
	}

	CircuitBreaker breaker() {
		return this.breaker;
	}

	private <T> T call(Supplier<T> operation) {
		// The breaker judges operations after their retries: one ECS that keeps failing is not a service that is down.
		Supplier<T> protectedCall = CircuitBreaker.decorateSupplier(this.breaker,
				Retry.decorateSupplier(this.retry, Bulkhead.decorateSupplier(this.bulkhead, operation)));
		try {
			return protectedCall.get();
		}
		catch (CallNotPermittedException open) {
			throw new CircuitOpen();
		}
		catch (BulkheadFullException full) {
			throw new DriverUnavailable("too many concurrent calls to the VMware Service");
		}
	}

}
