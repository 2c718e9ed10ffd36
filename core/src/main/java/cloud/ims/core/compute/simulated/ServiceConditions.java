package cloud.ims.core.compute.simulated;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;

import cloud.ims.core.compute.DriverUnavailable;

/**
 * How the simulated service behaves under load: each operation takes a slot of limited capacity, lasts the
 * configured latency and fails transiently at the configured rate, before it changes anything.
 */
final class ServiceConditions {

	private static final Duration CAPACITY_GRACE = Duration.ofSeconds(5);

	private final Duration latency;

	private final double failureRate;

	private final Semaphore capacity;

	private final RandomGenerator random;

	ServiceConditions(Duration latency, double failureRate, int capacity, RandomGenerator random) {
		if (latency.isNegative()) {
			throw new IllegalArgumentException("latency must not be negative");
		}
		if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
			throw new IllegalArgumentException("failure rate must be between 0 and 1");
		}
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1");
		}
		this.latency = latency;
		this.failureRate = failureRate;
		this.capacity = new Semaphore(capacity, true);
		this.random = random;
	}

	/** Admits one operation; close the answer when the operation is over. */
	Slot enter() {
		acquire();
		try {
			await(this.latency);
			if (fails()) {
				throw new DriverUnavailable("simulated transient failure");
			}
			return this.capacity::release;
		}
		catch (RuntimeException ex) {
			this.capacity.release();
			throw ex;
		}
	}

	private void acquire() {
		try {
			if (!this.capacity.tryAcquire(this.latency.plus(CAPACITY_GRACE).toNanos(), TimeUnit.NANOSECONDS)) {
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

	private boolean fails() {
		if (this.failureRate == 0.0) {
			return false;
		}
		// Most RandomGenerators are not thread-safe and the driver is shared by all worker threads.
		synchronized (this.random) {
			return this.random.nextDouble() < this.failureRate;
		}
	}

	/** A held unit of capacity. */
	@FunctionalInterface
	interface Slot extends AutoCloseable {

		@Override
		void close();

	}

}
