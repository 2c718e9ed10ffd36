package cloud.ims.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import cloud.ims.core.job.JobId;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.job.SubJobProgress;
import cloud.ims.core.job.SubJobResult;
import org.jspecify.annotations.Nullable;

/**
 * Records the sub-job outcomes of a batch job that arrive together with one write of the job: the group commit of
 * a database log. The first listener thread with an outcome for a job lingers a few milliseconds (like a Kafka
 * producer's {@code linger.ms}) for the outcomes of the other ECSs of the batch and writes them all; the others wait
 * for the write that carries theirs. If outcomes arrived meanwhile, the writer hands the next write to the thread
 * that has waited longest and returns: a writer that kept writing until none waits would hold its listener (and its
 * partitions) for as long as the batch runs, and leave that listener's ECSs for last. Each thread gets where the job
 * stood after its own outcome, and returns only once it is stored, so that its Kafka record is acknowledged after
 * the write. The outcomes of a 500-ECS batch cost tens of writes of the (large) job document instead of 500.
 */
final class SubJobRecorder {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	/** How long a write waits for more outcomes: a few ms on each ECS, against a write of the job for every few. */
	static final Duration LINGER = Duration.ofMillis(15);

	/** A write carries at most this many outcomes; it does not linger once that many wait. */
	static final int MAX_BATCH = 100;

	private final Jobs jobs;

	private final Clock clock;

	private final ConcurrentMap<JobId, Queue> queues = new ConcurrentHashMap<>();

	/** How long a thread waits for its outcome to be written, or for its turn to write it. */
	private final Duration waitLimit;

	SubJobRecorder(Jobs jobs, Clock clock) {
		this(jobs, clock, STORE_TIMEOUT.multipliedBy(2));
	}

	SubJobRecorder(Jobs jobs, Clock clock, Duration waitLimit) {
		this.jobs = jobs;
		this.clock = clock;
		this.waitLimit = waitLimit;
	}

	/**
	 * Records the outcome and answers where the job stood after it, together with the progress of the write this
	 * thread made, when it was the one that wrote (the progress to publish), or null.
	 */
	Recorded record(JobId id, int index, SubJobOutcome outcome) {
		Waiting waiting = new Waiting(new SubJobResult(index, outcome), new CompletableFuture<>(),
				new CompletableFuture<>());
		Queue queue = this.queues.computeIfAbsent(id, (key) -> new Queue());
		boolean writer;
		synchronized (queue) {
			queue.waiting.add(waiting);
			writer = !queue.writing;
			queue.writing = true;
			if (queue.waiting.size() >= MAX_BATCH) {
				queue.notifyAll();
			}
		}
		if (!writer) {
			writer = awaitWrittenOrTurn(id, queue, waiting);
		}
		@Nullable SubJobProgress written = writer ? writeOnce(id, queue) : null;
		return new Recorded(await(waiting.progress), written);
	}

	/**
	 * Writes what is waiting (this thread's outcome among it: it waited longest), then hands the writing on to the
	 * thread that has waited longest since, if any; answers the last progress written.
	 */
	private @Nullable SubJobProgress writeOnce(JobId id, Queue queue) {
		List<Waiting> batch;
		synchronized (queue) {
			lingerForMore(queue);
			batch = new ArrayList<>(queue.waiting.subList(0, Math.min(MAX_BATCH, queue.waiting.size())));
			queue.waiting.subList(0, batch.size()).clear();
		}
		SubJobProgress last = null;
		try {
			List<SubJobProgress> progress = this.jobs
				.recordSubJobs(id, batch.stream().map(Waiting::result).toList(), this.clock.instant())
				.collectList()
				.block(STORE_TIMEOUT);
			for (int i = 0; i < batch.size(); i++) {
				batch.get(i).progress.complete(progress.get(i));
			}
			last = progress.get(progress.size() - 1);
		}
		catch (RuntimeException failure) {
			batch.forEach((waiting) -> waiting.progress.completeExceptionally(failure));
		}
		finally {
			handOn(id, queue);
		}
		return last;
	}

	/** Gives the next write to the thread that has waited longest, or ends the writing when none waits. */
	private void handOn(JobId id, Queue queue) {
		synchronized (queue) {
			if (queue.waiting.isEmpty()) {
				queue.writing = false;
				this.queues.remove(id, queue);
			}
			else {
				queue.waiting.get(0).turn.complete(null);
			}
		}
	}

	/** Waits (holding the queue's monitor) until a full batch waits or the linger time is over. */
	private static void lingerForMore(Queue queue) {
		long deadline = System.nanoTime() + LINGER.toNanos();
		long remaining;
		while (!queue.waiting.isEmpty() && queue.waiting.size() < MAX_BATCH
				&& (remaining = deadline - System.nanoTime()) > 0) {
			try {
				TimeUnit.NANOSECONDS.timedWait(queue, remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Waits until the outcome is written by another thread (false) or this thread's turn to write comes (true). A
	 * thread that gives up leaves the queue, and passes on a turn it was given, so that the others still get written.
	 */
	private boolean awaitWrittenOrTurn(JobId id, Queue queue, Waiting waiting) {
		try {
			CompletableFuture.anyOf(waiting.progress, waiting.turn).get(this.waitLimit.toMillis(), TimeUnit.MILLISECONDS);
			return !waiting.progress.isDone();
		}
		catch (ExecutionException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			giveUp(id, queue, waiting);
			throw new IllegalStateException("Interrupted while a sub-job outcome was recorded", ex);
		}
		catch (TimeoutException ex) {
			giveUp(id, queue, waiting);
			throw new IllegalStateException("A sub-job outcome was not recorded within " + this.waitLimit.toSeconds()
					+ " s", ex);
		}
	}

	private void giveUp(JobId id, Queue queue, Waiting waiting) {
		boolean promoted;
		synchronized (queue) {
			queue.waiting.remove(waiting);
			promoted = waiting.turn.isDone() && !waiting.progress.isDone();
		}
		if (promoted) {
			handOn(id, queue);
		}
	}

	private static SubJobProgress await(CompletableFuture<SubJobProgress> progress) {
		try {
			return progress.get(2 * STORE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException("Recording a sub-job outcome failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while a sub-job outcome was recorded", ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("A sub-job outcome was not recorded within " + 2 * STORE_TIMEOUT.toSeconds()
					+ " s", ex);
		}
	}

	/** What a caller learns: its own progress, and that of the write it made when it was the writer. */
	record Recorded(SubJobProgress progress, @Nullable SubJobProgress lastWritten) {
	}

	/** One outcome waiting for its write; {@code turn} completes when its thread is to write next. */
	private record Waiting(SubJobResult result, CompletableFuture<SubJobProgress> progress,
			CompletableFuture<Void> turn) {
	}

	/** The outcomes of one job waiting for a write, and whether a thread is writing them. */
	private static final class Queue {

		private final List<Waiting> waiting = new ArrayList<>();

		private boolean writing;

	}

}
