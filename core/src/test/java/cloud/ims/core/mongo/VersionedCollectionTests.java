package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageEdit;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionedCollectionTests {

	private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

	private MongoServer server;

	private MongoClient client;

	private VersionedCollection<Image> images;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.images = new VersionedCollection<>(this.client.getDatabase("ims").getCollection("images"),
				new ImageMapper());
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void comparesAndSetsWithAFilterOfExactlyTheFieldsOfTheUniqueCasIndex() {
		BsonDocument filter = VersionedCollection.casFilter("image-1", 7).toBsonDocument();

		assertThat(filter).isEqualTo(new BsonDocument("_id", new BsonString("image-1")).append("version",
				new BsonInt64(7)));
	}

	@Test
	void changesAKnownVersionWithOneWrite() {
		Image known = this.images.insert(anImage()).block();

		Image renamed = this.images.update(known, (image) -> image.edit(renamed(image, "first"), NOW)).block();

		assertThat(renamed.version()).isEqualTo(1);
		assertThat(this.images.find(known.id().value()).block().name()).isEqualTo("first");
	}

	@Test
	void readsAgainWhenTheKnownVersionIsBehind() {
		Image stale = this.images.insert(anImage()).block();
		this.images.update(stale.id().value(), (image) -> image.edit(renamed(image, "elsewhere"), NOW)).block();

		Image deleted = this.images.update(stale, (image) -> image.delete(NOW)).block();

		assertThat(deleted.version()).isEqualTo(2);
		Image stored = this.images.find(stale.id().value()).block();
		assertThat(stored.name()).isEqualTo("elsewhere");
		assertThat(stored.status()).isEqualTo(ImageStatus.DELETED);
	}

	private static ImageEdit renamed(Image image, String name) {
		ImageEdit edit = ImageEdit.of(image);
		return new ImageEdit(name, edit.description(), edit.minDisk(), edit.minRam(), edit.maxRam(), edit.tags(),
				edit.isProtected(), edit.osVersion(), edit.visibility(), edit.properties());
	}

	private static Image anImage() {
		return new Image(ImageId.newId(), "image", ImageStatus.QUEUED, Visibility.PRIVATE, "demo", false, List.of(),
				"bare", 10, 0, null, null, "Linux", null, null, "64", null, "file", Map.of(), null, NOW, NOW, 0);
	}

}
