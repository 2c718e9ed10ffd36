package cloud.ims.standalone.infrastructure;

import java.util.Locale;
import java.util.Set;

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
 */
final class DurableH2Backend extends H2Backend {

	private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
			"drop", "dropdatabase", "create");

	private final Object commits = new Object();

	private long written;

	private long committed;

	private @Nullable RuntimeException failure;

	private boolean closed;

	DurableH2Backend(String fileName) {
		super(fileName);
		Thread committer = new Thread(this::commitWhatWasWritten, "h2-group-commit");
		committer.setDaemon(true);
		committer.start();
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		Document result = super.handleCommand(channel, databaseName, command, query);
		if (WRITES.contains(command.toLowerCase(Locale.ROOT))) {
			awaitCommit();
		}
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
			synchronized (this.commits) {
				this.committed = target;
				this.commits.notifyAll();
			}
		}
	}

}
