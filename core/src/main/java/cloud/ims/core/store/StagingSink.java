package cloud.ims.core.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A staging file that bytes are pushed into as they arrive (from a network stream, say), hashed with SHA-256 and
 * MD5 on the way, on two threads of their own, and written past the page cache where the file system allows it
 * ({@link StagingAppender}). {@link #finish()} (or {@link #finishWithoutSync()}) makes it a {@link StagedFile};
 * {@link #abort()} removes it. Not thread-safe: one writer at a time.
 *
 * <p>The MD5 is dropped as soon as the file's first bytes show that it cannot be stored as it is
 * ({@link VerbatimCandidate}): it would be converted, and the checksum of an image is that of the bytes stored, so
 * the MD5 of what was staged would never be read, and it is the slower digest (half the CPU of a download).
 */
public final class StagingSink implements AutoCloseable {

	private final Path file;

	private final StagingAppender appender;

	private final long maxBytes;

	private final ParallelDigests digests = new ParallelDigests();

	private final VerbatimCandidate verbatim = new VerbatimCandidate();

	private long written;

	private boolean finished;

	/** Set by {@link #abort()}, which may run on another thread (a download that timed out, say). */
	private volatile boolean aborted;

	StagingSink(Path file, StagingAppender appender, long maxBytes) {
		this.file = file;
		this.appender = appender;
		this.maxBytes = maxBytes;
	}

	/**
	 * Appends a chunk, which the sink takes over: it is hashed on other threads after this call returns, so the
	 * caller must not change it.
	 * @throws ImageTooLarge when the staged data would exceed the limit; nothing beyond it is written
	 */
	public void write(byte[] chunk) throws IOException {
		write(ByteBuffer.wrap(chunk), () -> {
		});
	}

	/**
	 * Appends the remaining bytes of a chunk, which the sink takes over, also when it throws: it is written to the
	 * file before this call returns and hashed on other threads afterwards, so it must not change until the sink
	 * runs {@code release}. A chunk in direct memory (a network buffer, say) is hashed without a copy.
	 * @throws ImageTooLarge when the staged data would exceed the limit; nothing beyond it is written
	 */
	public void write(ByteBuffer chunk, Runnable release) throws IOException {
		int length = chunk.remaining();
		if (this.aborted) {
			release.run();
			throw new IOException("The staging file " + this.file.getFileName() + " was aborted; nothing more is written to it");
		}
		if (length > this.maxBytes - this.written) {
			release.run();
			throw new ImageTooLarge(this.maxBytes);
		}
		// The digests read the chunk while it is written; whichever of them is done with it last hands it back.
		AtomicInteger holders = new AtomicInteger(2);
		Runnable handBack = () -> {
			if (holders.decrementAndGet() == 0) {
				release.run();
			}
		};
		if (this.verbatim.ruledOutBy(chunk)) {
			this.digests.dropMd5();
		}
		try {
			this.digests.add(chunk, handBack);
		}
		catch (InterruptedException ex) {
			release.run();
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while the chunk waited for the digests");
		}
		try {
			this.appender.append(chunk);
		}
		finally {
			handBack.run();
		}
		this.written += length;
	}

	public long written() {
		return this.written;
	}

	public Path path() {
		return this.file;
	}

	/**
	 * Flushes the file to disk and answers it with its digests: for a file that must outlive this process (an upload
	 * that another service converts, after a crash maybe).
	 */
	public StagedFile finish() throws IOException {
		return finish(true);
	}

	/**
	 * Answers the file with its digests, without waiting for the disk: for a file that only this process reads and
	 * that is of no use after a crash (a download, which starts again from the source), so the fsync of many
	 * gigabytes is not paid for nothing.
	 */
	public StagedFile finishWithoutSync() throws IOException {
		return finish(false);
	}

	private StagedFile finish(boolean sync) throws IOException {
		this.appender.finish(sync);
		Digests digests;
		try {
			digests = this.digests.finish(this.written);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for the digests");
		}
		this.finished = true;
		return new StagedFile(this.file, digests);
	}

	/** Removes the partial file. */
	public void abort() {
		this.aborted = true;
		this.digests.close();
		this.appender.abandon();
		try {
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			// Nothing more can be done here; the staging sweep of the store removes leftovers.
		}
	}

	/** Aborts unless finished, so that a try-with-resources block never leaves a partial file behind. */
	@Override
	public void close() {
		if (!this.finished) {
			abort();
		}
	}

}
