package cloud.ims.gateway.quota;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.common.Actor;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.mongo.MongoImages;
import cloud.ims.core.mongo.MongoProjectQuotas;
import cloud.ims.core.mongo.MongoServers;
import cloud.ims.core.quota.ComputeUsage;
import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.QuotaUsage;
import cloud.ims.core.server.Fault;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaReconcilerTests {

	private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

	private static final Actor ACTOR = new Actor("p1", "alice", "req");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private MongoServer server;

	private MongoClient client;

	private MongoProjectQuotas quotas;

	private QuotaReconciler reconciler;

	private MongoImages images;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		MongoDatabase database = this.client.getDatabase("ims");
		this.quotas = new MongoProjectQuotas(database);
		this.reconciler = new QuotaReconciler(this.quotas, this.registry);
		MongoImages images = new MongoImages(database, new TextChangeEvents());
		this.images = images;
		for (ImageStatus status : List.of(ImageStatus.ACTIVE, ImageStatus.QUEUED, ImageStatus.KILLED,
				ImageStatus.DELETED)) {
			images.insertIfAbsent(image(status), ACTOR).block();
		}
		MongoServers servers = new MongoServers(database, new TextChangeEvents());
		Server building = Server.building(ServerId.newId(), "vm", "p1", "alice", ImageId.newId(),
				new Flavor("s6.large.2", "s6.large.2", 2, 4096, 40), 40, Map.of(), null, "job", NOW);
		servers.insertAll(List.of(building, erred()), ACTOR).block();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void correctsAUsageThatDriftedOnceTwoRoundsFoundTheSameDifference() {
		recordUsage(5, ComputeUsage.of(3, 2, 4096));

		assertThat(this.reconciler.reconcile()).as("first sighting").isZero();
		assertThat(this.reconciler.reconcile()).isOne();

		ProjectQuota corrected = this.quotas.find("p1").block();
		assertThat(corrected.imagesUsed()).as("the active and the queued image").isEqualTo(2);
		assertThat(corrected.computeUsed()).as("the building ECS, not the failed one")
			.isEqualTo(ComputeUsage.of(1, 2, 4096));
		assertThat(this.registry.get("ims.quota.corrections").counter().count()).isEqualTo(1);
		assertThat(this.reconciler.reconcile()).isZero();
	}

	@Test
	void leavesADifferenceAloneWhileTheQuotaKeepsChanging() {
		recordUsage(5, ComputeUsage.of(1, 2, 4096));
		assertThat(this.reconciler.reconcile()).isZero();
		this.quotas.update("p1", (quota) -> Optional.of(quota.reserveImage(100))).block();

		assertThat(this.reconciler.reconcile()).as("a reservation happened in between").isZero();

		assertThat(this.quotas.find("p1").block().imagesUsed()).isEqualTo(6);
		assertThat(this.registry.get("ims.quota.corrections").counter().count()).isZero();
	}

	@Test
	void correctsTheBytesToWhatTheImagesHoldButNotWhileAnImageIsBeingCreated() {
		this.quotas.update("p1", (quota) -> Optional.of(quota.reserveBytes(500, 500, 1000))).block();
		this.quotas.update("p2", (quota) -> Optional.of(quota.reserveBytes(500, 500, 1000))).block();
		Image saving = new Image(ImageId.newId(), "saving", ImageStatus.SAVING, Visibility.PRIVATE, "p2", false,
				List.of(), "bare", 10, 0, null, null, "Linux", null, null, "64", null, "file", Map.of(), "job", NOW, NOW,
				0);
		this.images.insertIfAbsent(saving, ACTOR).block();

		this.reconciler.reconcile();
		this.reconciler.reconcile();

		assertThat(this.quotas.find("p1").block().imageBytesUsed()).as("no image of p1 holds data").isZero();
		assertThat(this.quotas.find("p2").block().imageBytesUsed()).as("the job of p2's saving image may hold them")
			.isEqualTo(500);
		assertThat(this.quotas.find("p2").block().imagesUsed()).isEqualTo(1);
	}

	private void recordUsage(int images, ComputeUsage compute) {
		this.quotas.update("p1", (quota) -> quota.reconciled(new QuotaUsage(images, compute)))
			.block();
	}

	private static Server erred() {
		return Server.building(ServerId.newId(), "vm-failed", "p1", "alice", ImageId.newId(),
				new Flavor("s6.large.2", "s6.large.2", 2, 4096, 40), 40, Map.of(), null, "job", NOW)
			.failed(new Fault("Ecs.0503", "down"), NOW)
			.orElseThrow();
	}

	private static Image image(ImageStatus status) {
		return new Image(ImageId.newId(), "image-" + status, status, Visibility.PRIVATE, "p1", false, List.of(), "bare",
				10, 0, null, null, "Linux", null, null, "64", null, "file", Map.of(), null, NOW, NOW, 0);
	}

}
