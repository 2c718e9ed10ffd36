package cloud.ims.core.mongo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MongoLeasesTests {

	private static final Duration TTL = Duration.ofSeconds(10);

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T00:00:00Z"));

	private MongoServer server;

	private MongoClient client;

	private MongoLeases leases;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.leases = new MongoLeases(this.client.getDatabase("ims"), new Clock() {

			@Override
			public ZoneId getZone() {
				return ZoneId.of("UTC");
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return MongoLeasesTests.this.now.get();
			}

		});
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void oneHolderAtATimeWhoKeepsItByRenewingAndLosesItOnceItRunsOut() {
		assertThat(this.leases.acquire("relay", "a", TTL).block()).isTrue();
		assertThat(this.leases.acquire("relay", "b", TTL).block()).isFalse();

		advance(Duration.ofSeconds(9));
		assertThat(this.leases.acquire("relay", "a", TTL).block()).as("renewed").isTrue();
		advance(Duration.ofSeconds(9));
		assertThat(this.leases.acquire("relay", "b", TTL).block()).as("a renewed 9 s ago").isFalse();

		advance(Duration.ofSeconds(2));
		assertThat(this.leases.acquire("relay", "b", TTL).block()).as("a's lease ran out").isTrue();
		assertThat(this.leases.acquire("relay", "a", TTL).block()).isFalse();
		assertThat(this.leases.acquire("other", "a", TTL).block()).as("leases are by name").isTrue();
	}

	private void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

}
