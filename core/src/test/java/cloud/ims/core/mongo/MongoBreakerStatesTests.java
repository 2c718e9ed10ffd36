package cloud.ims.core.mongo;

import java.time.Instant;

import cloud.ims.core.compute.DriverStatus;
import cloud.ims.core.operations.BreakerState;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class MongoBreakerStatesTests {

	private static final Instant T0 = Instant.parse("2026-11-27T21:00:00Z");

	private MongoServer server;

	private MongoClient client;

	private MongoBreakerStates states;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.states = new MongoBreakerStates(this.client.getDatabase("ims"));
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void keepsTheLastStateOfEachInstanceInItsOwnDocument() {
		this.states.record(new BreakerState("vmware", "worker-1", "CLOSED", T0, T0)).block();
		this.states.record(new BreakerState("vmware", "worker-2", "CLOSED", T0, T0)).block();
		this.states.record(new BreakerState("vmware", "worker-1", "OPEN", T0.plusSeconds(5), T0.plusSeconds(5))).block();
		Mono.from(this.client.getDatabase("ims").getCollection(MongoBreakerStates.COLLECTION)
			.insertOne(new Document("_id", "something-else"))).block();

		assertThat(this.states.all().collectList().block()).containsExactlyInAnyOrder(
				new BreakerState("vmware", "worker-1", "OPEN", T0.plusSeconds(5), T0.plusSeconds(5)),
				new BreakerState("vmware", "worker-2", "CLOSED", T0, T0));
		Document stored = Mono.from(this.client.getDatabase("ims").getCollection(MongoBreakerStates.COLLECTION)
			.find(new Document("_id", "breaker:worker-1")).first()).block();
		assertThat(stored).containsKeys("name", "instance", "state", "since", "updated_at");
	}

	@Test
	void keepsTheDriverEachInstanceDrivesAndWhetherItAnswered() {
		DriverStatus unreachable = new DriverStatus("vsphere", "https://vcenter.example.com/sdk", false,
				"connect timed out");
		this.states.record(new BreakerState("vmware", "worker-1", "CLOSED", T0, T0,
				new DriverStatus("vsphere", "https://vcenter.example.com/sdk", true, "VMware vCenter Server 8.0")))
			.block();
		this.states.record(new BreakerState("vmware", "worker-1", "OPEN", T0, T0.plusSeconds(30), unreachable)).block();

		assertThat(this.states.all().collectList().block()).singleElement()
			.satisfies((state) -> assertThat(state.driver()).isEqualTo(unreachable));
	}

}
