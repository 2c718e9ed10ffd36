package cloud.ims.provisioning;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import cloud.ims.core.common.Completions;
import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmSpec;
import cloud.ims.core.compute.VmState;
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
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The VMware Service behind retry and circuit breaker, asynchronously: a retry waits on a timer, not on a thread.
 * Only transient failures ({@link DriverUnavailable}) are retried and counted by the breaker; state conflicts and
 * permanent failures pass straight through. This is the one retry owner for driver calls: the pipeline does not
 * redeliver them. How many calls run at once is bounded by the work in flight ({@code ims.driver.max-in-flight}).
 */
@Component
class ResilientCompute implements DisposableBean {

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

	private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
			new CustomizableThreadFactory("driver-retry-"));

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
			// A call that stopped retrying because the breaker opened meanwhile was judged already.
			.ignoreExceptions(CallNotPermittedException.class)
			.build());
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(BREAKER_METRICS, breakers).bindTo(meterRegistry);
		this.retry = Retry.of("vmware", RetryConfig.custom()
			.maxAttempts(settings.maxAttempts())
			.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5,
					settings.maxBackoff()))
			.retryExceptions(DriverUnavailable.class)
			.build());
	}

	CompletableFuture<VirtualMachine> create(VmSpec spec) {
		return call(() -> this.driver.create(spec));
	}

	CompletableFuture<VirtualMachine> start(String serverId) {
		return call(() -> this.driver.start(serverId));
	}

	CompletableFuture<VirtualMachine> stop(String serverId, boolean hard) {
		return call(() -> this.driver.stop(serverId, hard));
	}

	CompletableFuture<VirtualMachine> reboot(String serverId, boolean hard) {
		return call(() -> this.driver.reboot(serverId, hard));
	}

	CompletableFuture<Void> delete(String serverId) {
		return call(() -> this.driver.delete(serverId));
	}

	CompletableFuture<Optional<VirtualMachine>> find(String serverId) {
		return call(() -> this.driver.find(serverId));
	}

	/**
	 * One listing, neither retried nor judged by the breaker, and none while the breaker is not closed: a periodic
	 * read must not take the few calls a half-open breaker lets through to decide whether the service is back.
	 */
	CompletableFuture<Map<String, VmState>> powerStates() {
		if (this.breaker.getState() != CircuitBreaker.State.CLOSED) {
			return CompletableFuture.failedFuture(new CircuitOpen());
		}
		return attempt(this.driver::powerStates);
	}

	CircuitBreaker breaker() {
		return this.breaker;
	}

	@Override
	public void destroy() {
		this.retries.shutdownNow();
	}

	/**
	 * The operation retried, then judged by the breaker; its future fails with the driver's own exception (or
	 * {@link CircuitOpen}), never a wrapper.
	 */
	private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> operation) {
		// The breaker judges operations after their retries: one ECS that keeps failing is not a service that is down.
		Supplier<CompletionStage<T>> retried = Retry.decorateCompletionStage(this.retry, this.retries,
				() -> unwrapped(attempt(operation)));
		Supplier<CompletionStage<T>> protectedCall = CircuitBreaker.decorateCompletionStage(this.breaker, retried);
		CompletableFuture<T> result = new CompletableFuture<>();
		protectedCall.get().whenComplete((value, failure) -> {
			if (failure == null) {
				result.complete(value);
				return;
			}
			Throwable cause = Completions.cause(failure);
			result.completeExceptionally((cause instanceof CallNotPermittedException) ? new CircuitOpen() : cause);
		});
		return result;
	}

	/**
	 * One attempt; none once the breaker has opened (other operations, running at the same time, found the service
	 * down): the operation then fails fast instead of retrying against a service that is down.
	 */
	private <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> operation) {
		if (this.breaker.getState() == CircuitBreaker.State.OPEN) {
			return CompletableFuture.failedFuture(CallNotPermittedException.createCallNotPermittedException(this.breaker));
		}
		try {
			return operation.get();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/** Retry and breaker classify the failure itself, not the CompletionException a dependent stage wraps it in. */
	private static <T> CompletionStage<T> unwrapped(CompletionStage<T> stage) {
		CompletableFuture<T> result = new CompletableFuture<>();
		stage.whenComplete((value, failure) -> {
			if (failure == null) {
				result.complete(value);
			}
			else {
				result.completeExceptionally(Completions.cause(failure));
			}
		});
		return result;
	}

}
