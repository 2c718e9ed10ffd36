package cloud.ims.standalone.infrastructure;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;

/**
 * The H2 file backend, answering a write only once it is committed. H2's MVStore otherwise commits in the background
 * about once a second, so that a crash (kill -9) of the standalone stack could lose writes it had already
 * acknowledged: a job answered with 202 included. Commits are grouped: one committer thread commits whatever was
 * written since its last commit, and every write waits for the commit that covers it, so that concurrent writers
 * share a commit instead of queueing for one each. A committed write is in the file (the operating system's cache),
 * which is what survives a crash of the process.
 * <p>
 * A commit never falls in the middle of a write command: one command changes a document and its index entries in
 * several maps, and a commit between them would leave a torn document in the file for a crash to expose (an index
 * entry for a version the document never got, which made every later compare-and-set on it a duplicate key).
 * Write commands share a lock that a commit takes exclusively, and MVStore's own background commit is off.
 */
final class DurableH2Backend extends H2Backend {

	private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
			"drop", "dropdatabase", "create");

	private final Object commits = new Object();

	private final ReadWriteLock operations = new ReentrantReadWriteLock();

	private long written;

	private long committed;

	private @Nullable RuntimeException failure;

	private boolean closed;

	DurableH2Backend(String fileName) {
		super(fileName);
		getMvStore().setAutoCommitDelay(0);
		Thread committer = new Thread(this::commitWhatWasWritten, "h2-group-commit");
		committer.setDaemon(true);
		committer.start();
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		if (!WRITES.contains(command.toLowerCase(Locale.ROOT))) {
			return super.handleCommand(channel, databaseName, command, query);
		}
		Document result;
		Lock shared = this.operations.readLock();
		shared.lock();
		try {
			result = super.handleCommand(channel, databaseName, command, query);
		}
		finally {
			shared.unlock();
		}
		awaitCommit();
		return result;
	}

	/** Stops the committer too, once it has committed what was written. */
	@Override
	public void close() {
		synchronized (this.commits) {
			this.closed = true;
			this.commits.notifyAll();
		}
		super.close();
	}

	private void awaitCommit() {
		synchronized (this.commits) {
			long ticket = ++this.written;
			this.commits.notifyAll();
			while (this.committed < ticket) {
				if (this.failure != null) {
					throw new IllegalStateException("The database could not commit", this.failure);
				}
				try {
					this.commits.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for a commit", ex);
				}
			}
		}
	}

	private void commitWhatWasWritten() {
		while (true) {
			long target;
			synchronized (this.commits) {
				while (this.written == this.committed) {
					if (this.closed) {
						return;
					}
					try {
						this.commits.wait();
					}
					catch (InterruptedException ex) {
						return;
					}
				}
				target = this.written;
			}
			if (getMvStore().isClosed()) {
				return;
			}
			Lock exclusive = this.operations.writeLock();
			exclusive.lock();
			try {
				commit();
			}
			catch (RuntimeException ex) {
				synchronized (this.commits) {
					this.failure = ex;
					this.commits.notifyAll();
				}
				return;
			}
			finally {
				exclusive.unlock();
			}
			synchronized (this.commits) {
				this.committed = target;
				this.commits.notifyAll();
			}
		}
	}

}
