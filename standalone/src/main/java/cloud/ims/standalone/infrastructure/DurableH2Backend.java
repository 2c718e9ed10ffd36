package cloud.ims.standalone.infrastructure;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import de.bwaldvogel.mongo.MongoCollection;
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

	private static final Set<String> ANSWERED_WITH_STORED_DOCUMENTS = Set.of("find", "getmore", "findandmodify");

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
			return answer(channel, databaseName, command, query);
		}
		Document result;
		Lock shared = this.operations.readLock();
		shared.lock();
		try {
			result = answer(channel, databaseName, command, query);
		}
		finally {
			shared.unlock();
		}
		awaitCommit();
		return result;
	}

	/**
	 * mongo-java-server answers these with the stored documents themselves and encodes the answer after it has let go
	 * of the collection's lock, while an update changes a stored document in place: a read racing an update of the
	 * same document failed to encode (ConcurrentModificationException) and its client never got an answer. So the
	 * answer is copied under the collection's lock, the one its updates take.
	 */
	private Document answer(Channel channel, String databaseName, String command, Document query) {
		MongoCollection<?> collection = ANSWERED_WITH_STORED_DOCUMENTS.contains(command.toLowerCase(Locale.ROOT))
				? collectionOf(databaseName, command, query) : null;
		if (collection == null) {
			return super.handleCommand(channel, databaseName, command, query);
		}
		synchronized (collection) {
			return super.handleCommand(channel, databaseName, command, query).cloneDeeply();
		}
	}

	private @Nullable MongoCollection<?> collectionOf(String databaseName, String command, Document query) {
		Object name = command.equalsIgnoreCase("getMore") ? query.get("collection") : query.get(command);
		return (name instanceof String collectionName)
				? resolveDatabase(databaseName).resolveCollection(collectionName, false) : null;
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
