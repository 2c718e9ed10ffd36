package cloud.ims.gateway.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import cloud.ims.core.audit.AuditEntry;
import cloud.ims.core.audit.AuditPublisher;
import cloud.ims.core.audit.AuditQuery;
import cloud.ims.core.audit.AuditTrail;
import cloud.ims.core.audit.TraceStatus;
import cloud.ims.core.audit.TraceType;
import cloud.ims.core.mongo.MongoAuditTrail;
import cloud.ims.core.mongo.MongoIndexes;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class AuditRecorderTests {

	private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<String> publishedIds = new CopyOnWriteArrayList<>();

	private final AtomicInteger publicationsToFail = new AtomicInteger();

	private final AuditPublisher publisher = (entry) -> Mono.defer(() -> {
		if (this.publicationsToFail.getAndDecrement() > 0) {
			return Mono.error(new IllegalStateException("broker down"));
		}
		this.publishedIds.add(entry.traceId());
		return Mono.empty();
	});

	private MongoServer server;

	private MongoClient client;

	private AuditTrail trail;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		MongoDatabase database = this.client.getDatabase("ims");
		MongoIndexes.ensure(database).block();
		this.trail = new MongoAuditTrail(database);
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void storesAndPublishesATraceOffTheCallersThread() {
		AuditRecorder recorder = recorder(this.trail, 100);

		recorder.submit(trace("t-1"));

		await().until(() -> this.publishedIds.contains("t-1"));
		await().until(() -> this.trail.unpublished(NOW.plusSeconds(1), 10).collectList().block().isEmpty());
		assertThat(this.trail.find(AuditQuery.latest(10)).map(AuditEntry::traceId).collectList().block())
			.containsExactly("t-1");
		assertThat(count("ims.audit.traces", "recorded")).isEqualTo(1);
		assertThat(count("ims.audit.publications", "published")).isEqualTo(1);
	}

	@Test
	void keepsATraceWhosePublicationFailedForTheSweepToPublishAgain() {
		this.publicationsToFail.set(1);
		AuditRecorder recorder = recorder(this.trail, 100);

		recorder.submit(trace("t-1"));

		await().until(() -> count("ims.audit.publications", "failed") == 1);
		assertThat(this.publishedIds).isEmpty();
		assertThat(this.trail.unpublished(NOW.plusSeconds(1), 10).map(AuditEntry::traceId).collectList().block())
			.containsExactly("t-1");

		new AuditSweep(this.trail, recorder, Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC)).run().block();

		assertThat(this.publishedIds).containsExactly("t-1");
		assertThat(this.trail.unpublished(NOW.plusSeconds(1), 10).collectList().block()).isEmpty();
	}

	@Test
	void sweepRemovesTracesPastTheirRetention() {
		AuditRecorder recorder = recorder(this.trail, 100);
		recorder.submit(trace("t-1"));
		await().until(() -> this.publishedIds.contains("t-1"));

		new AuditSweep(this.trail, recorder, Clock.fixed(NOW.plus(Duration.ofDays(180)), ZoneOffset.UTC)).run().block();
		assertThat(this.trail.find(AuditQuery.latest(10)).collectList().block()).hasSize(1);

		new AuditSweep(this.trail, recorder, Clock.fixed(NOW.plus(Duration.ofDays(180)).plusMillis(1), ZoneOffset.UTC))
			.run()
			.block();
		assertThat(this.trail.find(AuditQuery.latest(10)).collectList().block()).isEmpty();
	}

	@Test
	void countsATraceThatCannotBeStored() {
		AuditTrail down = mock(AuditTrail.class);
		when(down.record(any(), any())).thenReturn(Mono.error(new IllegalStateException("database down")));

		recorder(down, 100).submit(trace("t-1"));

		await().atMost(Duration.ofSeconds(10)).until(() -> count("ims.audit.traces", "failed") == 1);
		assertThat(count("ims.audit.traces", "recorded")).isZero();
		assertThat(this.publishedIds).isEmpty();
	}

	@Test
	void countsTracesDroppedBeyondTheMostThatMayWait() {
		AuditTrail stuck = mock(AuditTrail.class);
		when(stuck.record(any(), any())).thenReturn(Mono.never());
		AuditRecorder recorder = recorder(stuck, 2);

		recorder.submit(trace("t-1"));
		recorder.submit(trace("t-2"));
		recorder.submit(trace("t-3"));

		assertThat(count("ims.audit.traces", "dropped")).isEqualTo(1);
		assertThat(this.meters.get("ims.audit.pending").gauge().value()).isEqualTo(2);
	}

	private AuditRecorder recorder(AuditTrail trail, int maxPending) {
		return new AuditRecorder(trail, this.publisher, new AuditSettings(Duration.ofDays(180), maxPending, Duration.ZERO),
				Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC), this.meters);
	}

	private double count(String name, String outcome) {
		return this.meters.get(name).tag("outcome", outcome).counter().count();
	}

	private static AuditEntry trace(String id) {
		return new AuditEntry(id, "DELETE /v2/images/{imageId}", TraceType.API_CALL, null, "image", "i-1", "u-1", null,
				"p-1", List.of("member"), "10.0.0.7", "req-" + id, 204, null, TraceStatus.NORMAL, NOW, null);
	}

}
