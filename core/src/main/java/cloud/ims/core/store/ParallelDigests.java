package cloud.ims.core.store;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SHA-256 and MD5 of a sequence of chunks, each digest on a thread of its own, so that hashing an image takes as
 * long as the slower digest (MD5: about 0.8 GB/s on one core) instead of both one after the other. The chunks in
 * flight are bounded in bytes, so the memory stays flat whatever the image's size; a caller that outruns the slower
 * digest waits. Each chunk is handed back through its release action once both digests have read it, also when the
 * digests are closed before reading it. The MD5 can be dropped part way ({@link #dropMd5()}), for bytes whose MD5
 * nobody will read.
 */
final class ParallelDigests implements AutoCloseable {

	static final int MAX_BYTES_IN_FLIGHT = 32 * 1024 * 1024;

	private final Semaphore room = new Semaphore(MAX_BYTES_IN_FLIGHT);

	private final Hashing sha256 = new Hashing("SHA-256");

	private final Hashing md5 = new Hashing("MD5");

	/** Written and read by the one thread that adds the chunks. */
	private boolean md5Dropped;

	/**
	 * Hands a chunk (its remaining bytes) to both digests, which read it later, on their threads: it must not change
	 * until {@code release} runs. When interrupted while waiting for room, the chunk is not taken over.
	 */
	void add(ByteBuffer chunk, Runnable release) throws InterruptedException {
		int permits = Math.min(chunk.remaining(), MAX_BYTES_IN_FLIGHT);
		this.room.acquire(permits);
		AtomicInteger readers = new AtomicInteger(this.md5Dropped ? 1 : 2);
		Runnable done = () -> {
			if (readers.decrementAndGet() == 0) {
				this.room.release(permits);
				release.run();
			}
		};
		this.sha256.update(chunk.duplicate(), done);
		if (!this.md5Dropped) {
			this.md5.update(chunk.duplicate(), done);
		}
	}

	/**
	 * Stops the MD5 (the slower digest) and hands back the chunks it had not read yet: the digests then answer no
	 * MD5. Called by the thread that adds the chunks.
	 */
	void dropMd5() {
		this.md5Dropped = true;
		this.md5.stop();
	}

	/** Waits for the digests to have taken in every chunk. */
	Digests finish(long size) throws InterruptedException {
		Future<byte[]> sha256 = this.sha256.digest();
		Future<byte[]> md5 = this.md5Dropped ? null : this.md5.digest();
		HexFormat hex = HexFormat.of();
		try {
			return new Digests(hex.formatHex(sha256.get()), (md5 != null) ? hex.formatHex(md5.get()) : null, size);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("A digest failed", ex.getCause());
		}
		finally {
			close();
		}
	}

	/** Stops both threads, whatever they still had to do, and hands back every chunk they had not read. */
	@Override
	public void close() {
		this.sha256.stop();
		this.md5.stop();
	}

	/** One digest and the thread that feeds it the chunks in order. */
	private static final class Hashing {

		private final MessageDigest digest;

		private final ExecutorService thread;

		Hashing(String algorithm) {
			try {
				this.digest = MessageDigest.getInstance(algorithm);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("Every Java platform provides " + algorithm, ex);
			}
			this.thread = Executors.newSingleThreadExecutor((task) -> {
				Thread hashing = new Thread(task, "staging-" + algorithm.toLowerCase(Locale.ROOT));
				hashing.setDaemon(true);
				return hashing;
			});
		}

		void update(ByteBuffer chunk, Runnable done) {
			try {
				this.thread.execute(new Update(this.digest, chunk, done));
			}
			catch (RejectedExecutionException closed) {
				// The sink was aborted (from another thread) while this chunk was on its way: hand it back all the same.
				done.run();
			}
		}

		Future<byte[]> digest() {
			return this.thread.submit(() -> this.digest.digest());
		}

		void stop() {
			for (Runnable never : this.thread.shutdownNow()) {
				if (never instanceof Update update) {
					update.done.run();
				}
			}
		}

	}

	private record Update(MessageDigest digest, ByteBuffer chunk, Runnable done) implements Runnable {

		@Override
		public void run() {
			try {
				this.digest.update(this.chunk);
			}
			finally {
				this.done.run();
			}
		}

	}

}
