package cloud.ims.messaging.inflight;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import cloud.ims.core.common.Completions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Runs the asynchronous work of consumed records so that a listener returns at once: at most
 * {@link Limits#maxInFlight()} pieces of work run together, whatever the number of partitions and consumer threads;
 * the records of one key run one after the other, in the order received; each record is acknowledged once its work is
 * done and every earlier record of its partition is too ({@link OffsetTracker}), so a crash loses nothing. When
 * {@link Limits#pauseAt()} records are waiting or running, the consumers are paused (they keep polling, so the group
 * keeps them however long the work takes) until no more than {@link Limits#resumeAt()} are left.
 * <p>
 * Work that fails is retried with back-off, holding its place (the one retry owner for that hop); past the back-off,
 * or at once for a failure that is not retryable, the record goes to the recoverer (the dead-letter topic) and is
 * acknowledged. Work of revoked partitions that has not started is dropped and no acknowledgement of them is made: the
 * new owner redelivers them.
 */
public final class InFlightWork {

	private static final Logger log = LoggerFactory.getLogger(InFlightWork.class);

	private final Limits limits;

	private final Backpressure backpressure;

	private final BackOff backOff;

	private final Predicate<Throwable> retryable;

	private final ConsumerRecordRecoverer recoverer;

	private final ScheduledExecutorService scheduler;

	private final Object lock = new Object();

	private final Map<TopicPartition, OffsetTracker<Acknowledgment>> trackers = new HashMap<>();

	/** The partitions this worker's consumers own now. */
	private final Set<TopicPartition> assigned = new HashSet<>();

	/** The tasks of each key, in order; the head is running or ready. */
	private final Map<String, ArrayDeque<Task>> keys = new HashMap<>();

	/** Heads of their keys that wait for a slot. */
	private final ArrayDeque<Task> ready = new ArrayDeque<>();

	private int running;

	private int admitted;

	private boolean paused;

	private boolean stopping;

	public InFlightWork(Limits limits, Backpressure backpressure, BackOff backOff, Predicate<Throwable> retryable,
			ConsumerRecordRecoverer recoverer, ScheduledExecutorService scheduler) {
		this.limits = limits;
		this.backpressure = backpressure;
		this.backOff = backOff;
		this.retryable = retryable;
		this.recoverer = recoverer;
		this.scheduler = scheduler;
	}

	/**
	 * Takes a record's work, to run when a slot is free and the earlier work of its key is done. Called by the
	 * consumer thread, in offset order within a partition; the work must not block the caller of its supplier.
	 */
	public void submit(ConsumerRecord<String, ?> record, Acknowledgment acknowledgment,
			Supplier<? extends CompletionStage<?>> work) {
		List<Task> toStart;
		synchronized (this.lock) {
			if (this.stopping) {
				// Left uncommitted: redelivered after the restart.
				return;
			}
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			OffsetTracker<Acknowledgment> tracker = this.trackers.computeIfAbsent(partition,
					(key) -> new OffsetTracker<>());
			Task task = new Task(record, partition, tracker, tracker.track(record.offset(), acknowledgment), work);
			enqueue(task);
			toStart = startable();
			if (!this.paused && this.admitted >= this.limits.pauseAt()) {
				this.paused = true;
				this.backpressure.pause();
			}
		}
		toStart.forEach(this::start);
	}

	/**
	 * Runs work of the worker's own, not a record's, under a key: only when this worker owns the key's partition and
	 * nothing of that key waits or runs, so that it never races the commands about the same resource (they queue
	 * behind it), and is dropped with the partition's other waiting work on a revocation. It takes a slot like a
	 * record's work; a failure is logged, never retried nor dead-lettered. Answers whether the work was taken.
	 */
	public boolean runIfIdle(TopicPartition partition, String key, Supplier<? extends CompletionStage<?>> work) {
		List<Task> toStart;
		synchronized (this.lock) {
			if (this.stopping || !this.assigned.contains(partition) || this.keys.containsKey(key)) {
				return false;
			}
			enqueue(new Task(key, partition, work));
			toStart = startable();
		}
		toStart.forEach(this::start);
		return true;
	}

	/** The partitions this worker owns now. */
	public Set<TopicPartition> assigned() {
		synchronized (this.lock) {
			return Set.copyOf(this.assigned);
		}
	}

	/** Notes partitions given to this worker's consumers. */
	public void assign(Collection<TopicPartition> partitions) {
		synchronized (this.lock) {
			this.assigned.addAll(partitions);
		}
	}

	/** Drops the waiting work of the partitions and forgets their offsets; running work ends unacknowledged. */
	public void revoke(Collection<TopicPartition> partitions) {
		List<Task> toStart;
		synchronized (this.lock) {
			Set<TopicPartition> revoked = new HashSet<>(partitions);
			this.assigned.removeAll(revoked);
			for (TopicPartition partition : revoked) {
				OffsetTracker<Acknowledgment> tracker = this.trackers.remove(partition);
				if (tracker != null) {
					tracker.revoke();
				}
			}
			dropWaiting((task) -> revoked.contains(task.partition));
			toStart = startable();
			resumeIfLow();
		}
		toStart.forEach(this::start);
	}

	/**
	 * Stops taking records (they stay uncommitted), drops the work that has not started, and waits up to the timeout
	 * for the running work to finish and be acknowledged; answers whether it all did.
	 */
	public boolean stop(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			this.stopping = true;
			if (!this.paused) {
				this.paused = true;
				this.backpressure.pause();
			}
			dropWaiting((task) -> true);
			while (this.running > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.lock, left);
			}
			return true;
		}
	}

	/**
	 * A rebalance listener for the container, so that revoked or lost partitions are {@link #revoke revoked}. It logs
	 * assignments and revocations as the container's own listener would, which it replaces.
	 */
	public ConsumerAwareRebalanceListener rebalanceListener() {
		return new ConsumerAwareRebalanceListener() {

			@Override
			public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				log.info("{}: partitions assigned: {}", consumer.groupMetadata().groupId(), partitions);
				assign(partitions);
			}

			@Override
			public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				log.info("{}: partitions revoked: {}", consumer.groupMetadata().groupId(), partitions);
				revoke(partitions);
			}

			@Override
			public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				revoke(partitions);
			}

		};
	}

	/** How many pieces of work run now. */
	public int running() {
		synchronized (this.lock) {
			return this.running;
		}
	}

	/** How many records are taken and not yet done, running or waiting. */
	public int admitted() {
		synchronized (this.lock) {
			return this.admitted;
		}
	}

	private void start(Task task) {
		CompletionStage<?> stage;
		try {
			stage = task.work.get();
		}
		catch (RuntimeException ex) {
			stage = CompletableFuture.failedFuture(ex);
		}
		stage.whenComplete((result, failure) -> finished(task, failure));
	}

	private void finished(Task task, @Nullable Throwable failure) {
		boolean done = true;
		if (failure != null && task.isLocal()) {
			log.info("Work on {} failed: {}", task.describe(), Completions.cause(failure).toString());
		}
		else if (failure != null) {
			Throwable cause = Completions.cause(failure);
			if (task.tracker.isRevoked() || isStopping()) {
				log.info("Work on {} failed after its partition was revoked or the worker began to stop; it is left to "
						+ "a redelivery: {}", task.describe(), cause.toString());
				done = false;
			}
			else if (retry(task, cause)) {
				return;
			}
			else {
				done = recover(task, cause);
			}
		}
		List<Task> toStart;
		synchronized (this.lock) {
			this.running--;
			this.admitted--;
			task.running = false;
			ArrayDeque<Task> ofKey = this.keys.get(task.key());
			if (ofKey != null) {
				ofKey.remove(task);
				if (ofKey.isEmpty()) {
					this.keys.remove(task.key());
				}
				else if (!ofKey.peekFirst().running && !this.ready.contains(ofKey.peekFirst())) {
					this.ready.addLast(ofKey.peekFirst());
				}
			}
			if (done) {
				acknowledge(task);
			}
			toStart = startable();
			resumeIfLow();
			this.lock.notifyAll();
		}
		toStart.forEach(this::start);
	}

	/** Called with the lock held; a failure to acknowledge leaves the record to a redelivery, never the pipeline stuck. */
	private static void acknowledge(Task task) {
		if (task.isLocal()) {
			return;
		}
		try {
			task.tracker.complete(task.tracked).ifPresent(Acknowledgment::acknowledge);
		}
		catch (RuntimeException ex) {
			log.warn("Work on {} is done but could not be acknowledged; it will be redelivered: {}", task.describe(),
					ex.toString());
		}
	}

	private boolean retry(Task task, Throwable cause) {
		if (!this.retryable.test(cause)) {
			return false;
		}
		if (task.backOff == null) {
			task.backOff = this.backOff.start();
		}
		long delay = task.backOff.nextBackOff();
		if (delay == BackOffExecution.STOP) {
			return false;
		}
		log.info("Work on {} failed, retried in {} ms: {}", task.describe(), delay, cause.toString());
		try {
			this.scheduler.schedule(() -> {
				if (task.tracker.isRevoked() || isStopping()) {
					// Its partition's new owner has it now: a late retry here could overtake that owner's later
					// commands about the same resource.
					finished(task, cause);
				}
				else {
					start(task);
				}
			}, delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException stopped) {
			return false;
		}
		return true;
	}

	/** Dead-letters the record; answers whether it may be acknowledged (it is redelivered if that failed). */
	private boolean recover(Task task, Throwable cause) {
		try {
			this.recoverer.accept(task.record, (cause instanceof Exception exception) ? exception
					: new IllegalStateException(cause));
			return true;
		}
		catch (RuntimeException ex) {
			log.error("Work on {} failed ({}) and could not be dead-lettered; it stays uncommitted", task.describe(),
					cause.toString(), ex);
			return false;
		}
	}

	private boolean isStopping() {
		synchronized (this.lock) {
			return this.stopping;
		}
	}

	/** Called with the lock held. */
	private void enqueue(Task task) {
		this.admitted++;
		ArrayDeque<Task> ofKey = this.keys.computeIfAbsent(task.key(), (key) -> new ArrayDeque<>());
		ofKey.addLast(task);
		if (ofKey.size() == 1) {
			this.ready.addLast(task);
		}
	}

	/** Takes the ready tasks that fit in the free slots; called with the lock held. */
	private List<Task> startable() {
		List<Task> toStart = new ArrayList<>();
		while (this.running < this.limits.maxInFlight() && !this.ready.isEmpty()) {
			Task task = this.ready.pollFirst();
			task.running = true;
			this.running++;
			toStart.add(task);
		}
		return toStart;
	}

	/** Drops the tasks that match and have not started; called with the lock held. */
	private void dropWaiting(Predicate<Task> drop) {
		this.ready.removeIf((task) -> !task.running && drop.test(task));
		for (Iterator<ArrayDeque<Task>> queues = this.keys.values().iterator(); queues.hasNext();) {
			ArrayDeque<Task> ofKey = queues.next();
			int before = ofKey.size();
			ofKey.removeIf((task) -> !task.running && drop.test(task));
			this.admitted -= before - ofKey.size();
			if (ofKey.isEmpty()) {
				queues.remove();
			}
			else if (!ofKey.peekFirst().running && !this.ready.contains(ofKey.peekFirst())) {
				this.ready.addLast(ofKey.peekFirst());
			}
		}
	}

	/** Called with the lock held. */
	private void resumeIfLow() {
		if (this.paused && !this.stopping && this.admitted <= this.limits.resumeAt()) {
			this.paused = false;
			this.backpressure.resume();
		}
	}


	/**
	 * How much work runs at once ({@code maxInFlight}), how many taken records pause the consumers
	 * ({@code pauseAt}), and how few resume them ({@code resumeAt}).
	 */
	public record Limits(int maxInFlight, int pauseAt, int resumeAt) {

		public Limits {
			if (maxInFlight < 1 || pauseAt < maxInFlight || resumeAt >= pauseAt || resumeAt < 0) {
				throw new IllegalArgumentException("Needs 1 <= maxInFlight <= pauseAt, 0 <= resumeAt < pauseAt: "
						+ maxInFlight + ", " + pauseAt + ", " + resumeAt);
			}
		}

		/**
		 * Half as many records again as run wait behind them, so that a finished operation's slot is taken at once;
		 * the consumers resume when no more wait.
		 */
		public static Limits of(int maxInFlight) {
			return new Limits(maxInFlight, maxInFlight + Math.max(1, maxInFlight / 2), maxInFlight);
		}

	}

	/** One record's work, or work of the worker's own (local: no record to acknowledge). */
	private static final class Task {

		private final String key;

		private final @Nullable ConsumerRecord<String, ?> record;

		private final TopicPartition partition;

		private final @Nullable OffsetTracker<Acknowledgment> tracker;

		private final OffsetTracker.@Nullable Tracked<Acknowledgment> tracked;

		private final Supplier<? extends CompletionStage<?>> work;

		private boolean running;

		private @Nullable BackOffExecution backOff;

		Task(ConsumerRecord<String, ?> record, TopicPartition partition, OffsetTracker<Acknowledgment> tracker,
				OffsetTracker.Tracked<Acknowledgment> tracked, Supplier<? extends CompletionStage<?>> work) {
			this.key = (record.key() != null) ? record.key() : partition.toString();
			this.record = record;
			this.partition = partition;
			this.tracker = tracker;
			this.tracked = tracked;
			this.work = work;
		}

		Task(String key, TopicPartition partition, Supplier<? extends CompletionStage<?>> work) {
			this.key = key;
			this.record = null;
			this.partition = partition;
			this.tracker = null;
			this.tracked = null;
			this.work = work;
		}

		String key() {
			return this.key;
		}

		boolean isLocal() {
			return this.record == null;
		}

		String describe() {
			return (this.record != null) ? this.partition + "@" + this.record.offset() + " (key " + this.key + ")"
					: this.partition + " (key " + this.key + ", the worker's own)";
		}

	}

}
