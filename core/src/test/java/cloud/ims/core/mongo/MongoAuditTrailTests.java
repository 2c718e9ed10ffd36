package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.List;

import cloud.ims.core.audit.AuditEntry;
import cloud.ims.core.audit.AuditQuery;
import cloud.ims.core.audit.TraceStatus;
import cloud.ims.core.audit.TraceType;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MongoAuditTrailTests {

	private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

	private MongoServer server;

	private MongoClient client;

	private MongoAuditTrail trail;

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
	void keepsEveryFieldOfATraceAndListsSinceATimeOldestFirst() {
		AuditEntry failed = trace("t-1", "u-1", "p-1", 401, T0);
		AuditEntry succeeded = trace("t-2", "u-1", "p-1", 201, T0.plusSeconds(1));
		record(succeeded, failed);

		assertThat(this.trail.since(T0).collectList().block()).containsExactly(failed, succeeded);
		assertThat(this.trail.since(T0.plusSeconds(1)).collectList().block()).containsExactly(succeeded);
	}

	@Test
	void listsNewestFirstWithFiltersAndPagesByMarker() {
		record(trace("t-1", "u-1", "p-1", 201, T0), trace("t-2", "u-2", "p-2", 403, T0.plusSeconds(1)),
				trace("t-3", "u-1", "p-1", 500, T0.plusSeconds(2)), trace("t-4", "u-1", "p-1", 204, T0.plusSeconds(2)));

		assertThat(ids(AuditQuery.latest(10))).containsExactly("t-4", "t-3", "t-2", "t-1");
		assertThat(ids(new AuditQuery("u-1", null, null, null, null, null, null, null, null, 2, null)))
			.containsExactly("t-4", "t-3");
		assertThat(ids(new AuditQuery("u-1", null, null, null, null, null, null, null, null, 2, "t-3")))
			.containsExactly("t-1");
		assertThat(ids(new AuditQuery(null, null, "p-2", null, null, null, TraceStatus.WARNING, null, null, 10, null)))
			.containsExactly("t-2");
		assertThat(ids(new AuditQuery(null, null, null, null, null, null, TraceStatus.INCIDENT, null, null, 10, null)))
			.containsExactly("t-3");
		assertThat(ids(new AuditQuery(null, null, null, "DELETE /v2/images/{image_id}", null, "img-1", null,
				T0.plusSeconds(1), T0.plusSeconds(2), 10, null)))
			.containsExactly("t-2");
		assertThat(ids(new AuditQuery(null, null, null, null, null, null, null, null, null, 10, "no-such-trace")))
			.isEmpty();
	}

	@Test
	void findsTheUnpublishedUntilMarkedPublished() {
		record(trace("t-1", "u-1", "p-1", 201, T0), trace("t-2", "u-1", "p-1", 201, T0.plusSeconds(5)));

		assertThat(this.trail.unpublished(T0.plusSeconds(10), 10).map(AuditEntry::traceId).collectList().block())
			.containsExactly("t-1", "t-2");
		this.trail.published("t-1").block();

		assertThat(this.trail.unpublished(T0.plusSeconds(10), 10).map(AuditEntry::traceId).collectList().block())
			.containsExactly("t-2");
		assertThat(this.trail.unpublished(T0.plusSeconds(5), 10).collectList().block()).isEmpty();
	}

	@Test
	void purgesTracesPastTheirExpiry() {
		this.trail.record(trace("t-1", "u-1", "p-1", 201, T0), T0.plusSeconds(60)).block();
		this.trail.record(trace("t-2", "u-1", "p-1", 201, T0), T0.plusSeconds(120)).block();

		assertThat(this.trail.purgeExpired(T0.plusSeconds(90)).block()).isEqualTo(1L);

		assertThat(ids(AuditQuery.latest(10))).containsExactly("t-2");
	}

	private void record(AuditEntry... entries) {
		for (AuditEntry entry : entries) {
			this.trail.record(entry, entry.at().plusSeconds(3600)).block();
		}
	}

	private List<String> ids(AuditQuery query) {
		return this.trail.find(query).map(AuditEntry::traceId).collectList().block();
	}

	private static AuditEntry trace(String id, @Nullable String userId, String projectId, int status, Instant at) {
		return new AuditEntry(id, "DELETE /v2/images/{image_id}", TraceType.API_CALL, null, "image", "img-1", userId,
				null, projectId, List.of("member"), "10.0.0.7", "req-" + id, status,
				(status >= 400) ? "IMS.0" + status : null, TraceStatus.ofHttpStatus(status), at, null);
	}

}
