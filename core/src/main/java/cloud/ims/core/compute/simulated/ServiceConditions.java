package cloud.ims.core.compute.simulated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;

import cloud.ims.core.compute.DriverUnavailable;
import org.jspecify.annotations.Nullable;

/**
 * How the simulated service behaves under load: each operation takes a slot of limited capacity, lasts the
 * configured latency and fails transiently at the configured rate, before it changes anything.
 */
final class ServiceConditions {

	private static final Duration CAPACITY_GRACE = Duration.ofSeconds(5);

	private final ConditionOverrides conditions;

	private final Semaphore capacity;

	private final RandomGenerator random;

	ServiceConditions(Duration latency, double failureRate, int capacity, RandomGenerator random, Path overrides) {
		if (latency.isNegative()) {
			throw new IllegalArgumentException("latency must not be negative");
		}
		if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
			throw new IllegalArgumentException("failure rate must be between 0 and 1");
		}
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1");
		}
		this.conditions = new ConditionOverrides(overrides, new ConditionOverrides.Conditions(latency, failureRate));
		this.capacity = new Semaphore(capacity, true);
		this.random = random;
	}

	/** Admits one operation; close the answer when the operation is over. */
	Slot enter() {
		return enter(null);
	}

	/** Admits one operation on the ECS of that name (null: any), which may be set to fail by name. */
	Slot enter(@Nullable String name) {
		ConditionOverrides.Conditions now = this.conditions.current();
		acquire(now.latency());
		try {
			await(now.latency());
			if (fails(now.failureRate()) || now.failsFor(name)) {
				throw new DriverUnavailable("simulated transient failure");
			}
			return this.capacity::release;
		}
		catch (RuntimeException ex) {
			this.capacity.release();
			throw ex;
		}
	}

	private void acquire(Duration latency) {
		try {
			if (!this.capacity.tryAcquire(latency.plus(CAPACITY_GRACE).toNanos(), TimeUnit.NANOSECONDS)) {
				throw new DriverUnavailable("capacity exhausted");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DriverUnavailable("interrupted while waiting for capacity", ex);
		}
	}

	private static void await(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		long remaining = duration.toNanos();
		// parkNanos may return early, so park again until the whole latency has passed.
		while (remaining > 0) {
			LockSupport.parkNanos(remaining);
			if (Thread.currentThread().isInterrupted()) {
				throw new DriverUnavailable("interrupted while the operation was in progress");
			}
			remaining = deadline - System.nanoTime();
		}
	}

	private boolean fails(double failureRate) {
		if (failureRate == 0.0) {
			return false;
		}
		// Most RandomGenerators are not thread-safe and the driver is shared by all worker threads.
		synchronized (this.random) {
			return this.random.nextDouble() < failureRate;
		}
	}

	/** A held unit of capacity. */
	@FunctionalInterface
	interface Slot extends AutoCloseable {

		@Override
		void close();

	}

}
