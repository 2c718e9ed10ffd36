package cloud.ims.standalone.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;

/**
 * The MongoDB-protocol server (mongo-java-server) on an H2 file, bound to 127.0.0.1, so that the services use the real
 * MongoDB driver on one machine without a MongoDB installation and keep their data across restarts. The oplog stays off:
 * IMS uses no change streams, and mongo-java-server's oplog is a collection that is never trimmed, copies every write
 * and is scanned whole by each change-stream read.
 */
public final class StandaloneMongo implements AutoCloseable {

	private final MongoServer server;

	private final int port;

	private StandaloneMongo(MongoServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/** Opens (or creates) the database file and listens on {@code port} (0 picks a free one). */
	public static StandaloneMongo start(Path databaseFile, int port) {
		try {
			Files.createDirectories(databaseFile.toAbsolutePath().getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		MongoServer server = new MongoServer(new DurableH2Backend(databaseFile.toAbsolutePath().toString()));
		try {
			server.bind("127.0.0.1", port);
		}
		catch (RuntimeException ex) {
			server.shutdownNow();
			throw ex;
		}
		return new StandaloneMongo(server, server.getLocalAddress().getPort());
	}

	public int port() {
		return this.port;
	}

	/** The connection string for the MongoDB driver. */
	public String uri() {
		return "mongodb://127.0.0.1:" + this.port;
	}

	/** Stops listening and closes the database file, which commits what is still pending. */
	@Override
	public void close() {
		this.server.shutdown();
	}
}
