package cloud.ims.core.compute.simulated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

import cloud.ims.core.compute.DriverUnavailable;
import org.jspecify.annotations.Nullable;

/**
 * How the simulated service behaves under load: each operation takes a slot of limited capacity, lasts its
 * configured latency and fails transiently at the configured rate, before it changes anything. Like a real VMware
 * Service it keeps no caller's thread while an operation lasts: waiting for a slot and the latency are timers.
 */
final class ServiceConditions {

	private static final Duration CAPACITY_GRACE = Duration.ofSeconds(5);

	private final ConditionOverrides conditions;

	private final int capacity;

	private final Queue<CompletableFuture<Slot>> waiting = new ArrayDeque<>();

	private final RandomGenerator random;

	private final Executor executor;

	private int inUse;

	ServiceConditions(Latencies latencies, double failureRate, int capacity, RandomGenerator random, Path overrides,
			Executor executor) {
		if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
			throw new IllegalArgumentException("failure rate must be between 0 and 1");
		}
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1");
		}
		this.conditions = new ConditionOverrides(overrides, new ConditionOverrides.Conditions(latencies, failureRate));
		this.capacity = capacity;
		this.random = random;
		this.executor = executor;
	}

	/**
	 * Admits one operation on the ECS of that name (null: any), which may be set to fail by name: completes with a
	 * held slot once the operation's latency has passed, to be closed when the operation is over, or with
	 * {@link DriverUnavailable} (the slot given back) for a simulated fault or when no slot frees up in time.
	 */
	CompletableFuture<Slot> enter(Operation operation, @Nullable String name) {
		ConditionOverrides.Conditions now = this.conditions.current();
		Duration latency = now.latencies().of(operation);
		return acquire(latency.plus(CAPACITY_GRACE))
			.thenCompose((slot) -> CompletableFuture.supplyAsync(() -> {
				if (fails(now.failureRate()) || (operation == Operation.CREATE && now.failsFor(name))) {
					slot.close();
					throw new DriverUnavailable("simulated transient failure");
				}
				return slot;
			}, CompletableFuture.delayedExecutor(latency.toNanos(), TimeUnit.NANOSECONDS, this.executor)));
	}

	private CompletableFuture<Slot> acquire(Duration maxWait) {
		CompletableFuture<Slot> slot = new CompletableFuture<>();
		synchronized (this.waiting) {
			if (this.inUse < this.capacity) {
				this.inUse++;
				slot.complete(newSlot());
				return slot;
			}
			this.waiting.add(slot);
		}
		CompletableFuture.delayedExecutor(maxWait.toNanos(), TimeUnit.NANOSECONDS, this.executor).execute(() -> {
			synchronized (this.waiting) {
				if (!this.waiting.remove(slot)) {
					return;
				}
			}
			slot.completeExceptionally(new DriverUnavailable("capacity exhausted"));
		});
		return slot;
	}

	private void release() {
		CompletableFuture<Slot> next;
		synchronized (this.waiting) {
			next = this.waiting.poll();
			if (next == null) {
				this.inUse--;
				return;
			}
		}
		// The slot passes straight to the operation that waited longest.
		next.complete(newSlot());
	}

	private Slot newSlot() {
		AtomicBoolean closed = new AtomicBoolean();
		return () -> {
			if (closed.compareAndSet(false, true)) {
				release();
			}
		};
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

	/** A held unit of capacity; closing it more than once gives back one unit only. */
	@FunctionalInterface
	interface Slot extends AutoCloseable {

		@Override
		void close();

	}

}
