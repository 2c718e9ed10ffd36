package cloud.ims.standalone.infrastructure;

import java.util.Locale;
import java.util.Set;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The H2 file backend, committing after every write. H2's MVStore otherwise commits in the background about once a
 * second, so that a crash (kill -9) of the standalone stack could lose writes it had already acknowledged: a job
 * answered with 202 included. With this, an acknowledged write is in the file (the operating system's cache) before
 * the client hears of it, which is what survives a crash of the process.
 */
final class DurableH2Backend extends H2Backend {

	private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
			"drop", "dropdatabase", "create");

	DurableH2Backend(String fileName) {
		super(fileName);
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		Document result = super.handleCommand(channel, databaseName, command, query);
		if (WRITES.contains(command.toLowerCase(Locale.ROOT))) {
			commit();
		}
		return result;
	}

}
