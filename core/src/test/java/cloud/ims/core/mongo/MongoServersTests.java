package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import cloud.ims.core.common.Actor;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MongoServersTests {

	private static final Actor ACTOR = new Actor("demo", "alice", "test");

	private MongoServer server;

	private MongoClient client;

	private MongoServers servers;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.servers = new MongoServers(this.client.getDatabase("ims"), new TextChangeEvents());
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void findsTheStoredAmongManyIdsOfAnyProject() {
		List<Server> stored = IntStream.range(0, 2500)
			.mapToObj((n) -> building("project-" + (n % 3)))
			.toList();
		this.servers.insertAll(stored, ACTOR).block();
		List<ServerId> wanted = new ArrayList<>(stored.stream().map(Server::id).toList());
		wanted.add(ServerId.newId());
		wanted.add(stored.get(0).id());

		List<Server> found = this.servers.findAll(wanted).collectList().block();

		assertThat(found).extracting(Server::id)
			.containsExactlyInAnyOrderElementsOf(stored.stream().map(Server::id).toList());
		assertThat(this.servers.findAll(List.of()).collectList().block()).isEmpty();
	}

	private static Server building(String projectId) {
		return Server.building(ServerId.newId(), "vm", projectId, "u", ImageId.newId(), new Flavor("f", "f", 1, 1024, 10),
				10, Map.of(), null, "job", Instant.parse("2026-01-01T00:00:00Z"));
	}

}
