package cloud.ims.core.mongo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.StagedData;
import cloud.ims.core.image.Visibility;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The staged data of a glance-direct stage is kept in the image's document from the stage to the import. */
class MongoImageStagingTests {

	private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Actor ACTOR = new Actor("owner", "user", "request");

	private static final StagedData STAGED = new StagedData("4f1c-1234.part", 1024, "ab".repeat(32), "cd".repeat(16));

	private MongoServer server;

	private MongoClient client;

	private MongoImages images;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.images = new MongoImages(this.client.getDatabase("ims"), new TextChangeEvents());
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void keepsTheStagedDataFromTheStageToTheImportAndDropsItOnceActive() {
		Image image = this.images.insertIfAbsent(queued(), ACTOR).block(TIMEOUT);
		this.images.update(image.id(), (current) -> current.startStaging("stage", NOW), ACTOR).block(TIMEOUT);
		this.images.update(image.id(), (current) -> current.finishStaging("stage", STAGED, NOW), ACTOR).block(TIMEOUT);

		Image staged = this.images.find(image.id()).block(TIMEOUT);
		assertThat(staged.status()).isEqualTo(ImageStatus.UPLOADING);
		assertThat(staged.staged()).isEqualTo(STAGED);

		this.images.update(image.id(), (current) -> current.importStaged("import", NOW), ACTOR).block(TIMEOUT);
		Image importing = this.images.find(image.id()).block(TIMEOUT);
		assertThat(importing.status()).isEqualTo(ImageStatus.IMPORTING);
		assertThat(importing.staged()).isEqualTo(STAGED);

		this.images.update(image.id(),
				(current) -> current.activate(new ImageData("vmdk", 1, 2, "md5", "sha"), NOW), ACTOR).block(TIMEOUT);
		Image active = this.images.find(image.id()).block(TIMEOUT);
		assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
		assertThat(active.staged()).isNull();
	}

	@Test
	void leavesTheImageAsItWasWhenAnImportFindsNothingStaged() {
		Image image = this.images.insertIfAbsent(queued(), ACTOR).block(TIMEOUT);

		assertThatThrownBy(() -> this.images.update(image.id(), (current) -> current.importStaged("import", NOW), ACTOR)
			.block(TIMEOUT))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0427"));
		Image reread = this.images.find(image.id()).block(TIMEOUT);
		assertThat(reread.status()).isEqualTo(ImageStatus.QUEUED);
		assertThat(reread.version()).isEqualTo(image.version());
	}

	private static Image queued() {
		return new Image(ImageId.newId(), "staged", ImageStatus.QUEUED, Visibility.PRIVATE, "owner", false, List.of(),
				"bare", 1, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), null, NOW, NOW, 0);
	}

}
