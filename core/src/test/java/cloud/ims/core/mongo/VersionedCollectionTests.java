package cloud.ims.core.mongo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import cloud.ims.core.event.PendingEvent;
import cloud.ims.core.event.PendingEvents;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.event.WaitingEventHints;
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

	private PendingEvents pending;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.images = new VersionedCollection<>(this.client.getDatabase("ims").getCollection("images"),
				new ImageMapper());
		this.pending = new MongoPendingEvents(this.client.getDatabase("ims"));
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

		Image renamed = this.images.update(known, (image) -> image.edit(renamed(image, "first"), NOW),
				VersionedCollection.EventOf.none()).block();

		assertThat(renamed.version()).isEqualTo(1);
		assertThat(this.images.find(known.id().value()).block().name()).isEqualTo("first");
	}

	@Test
	void readsAgainWhenTheKnownVersionIsBehind() {
		Image stale = this.images.insert(anImage()).block();
		this.images.update(stale.id().value(), (image) -> image.edit(renamed(image, "elsewhere"), NOW)).block();

		Image deleted = this.images.update(stale, (image) -> image.delete(NOW), VersionedCollection.EventOf.none())
			.block();

		assertThat(deleted.version()).isEqualTo(2);
		Image stored = this.images.find(stale.id().value()).block();
		assertThat(stored.name()).isEqualTo("elsewhere");
		assertThat(stored.status()).isEqualTo(ImageStatus.DELETED);
	}

	@Test
	void recordsEachChangesEventInItsWriteAndNeverBringsBackAPublishedOne() {
		Image created = this.images.insert(anImage(), this::textEvent).block();
		this.images.update(created.id().value(), (image) -> image.edit(renamed(image, "second"), NOW), this::textEvent)
			.block();
		List<PendingEvents.Waiting> waiting = this.pending.waiting(10, true).collectList().block();
		assertThat(waiting).singleElement().satisfies((document) -> {
			assertThat(document.events()).extracting(TextChangeEvents::text).containsExactly("queued image", "queued second");
			assertThat(document.versionOf(0)).isEqualTo(1);
			assertThat(document.versionOf(1)).isEqualTo(2);
		});
		Image stale = this.images.find(created.id().value()).block();

		this.pending.published(waiting).block();
		this.images.update(stale, (image) -> image.edit(renamed(image, "third"), NOW), this::textEvent).block();
		this.images.update(created.id().value(), (image) -> Optional.empty(), this::textEvent).block();

		assertThat(this.pending.waiting(10, true).collectList().block()).singleElement().satisfies((document) -> {
			assertThat(document.events()).extracting(TextChangeEvents::text).containsExactly("queued third");
			assertThat(document.versionOf(0)).isEqualTo(3);
		});
		assertThat(this.images.find(created.id().value()).block().name()).isEqualTo("third");
	}

	@Test
	void findsTheDocumentsItsOwnWritesHintedAtWithoutASweepAndTheRestBySweeping() {
		WaitingEventHints.drain();
		Image hinted = this.images.insert(anImage(), this::textEvent).block();
		Image unhinted = this.images.insert(anImage(), this::textEvent).block();
		WaitingEventHints.drain();
		this.images.update(hinted.id().value(), (image) -> image.edit(renamed(image, "hinted"), NOW), this::textEvent)
			.block();

		assertThat(this.pending.waiting(10, false).collectList().block()).extracting(PendingEvents.Waiting::documentId)
			.containsExactly(hinted.id().value());
		assertThat(this.pending.waiting(10, false).collectList().block()).as("hints are taken once").isEmpty();
		assertThat(this.pending.waiting(10, true).collectList().block()).extracting(PendingEvents.Waiting::documentId)
			.containsExactlyInAnyOrder(hinted.id().value(), unhinted.id().value());
	}

	@Test
	void unsetsTheFieldsAChangeClears() {
		Image known = this.images.insert(anImage()).block();
		this.images.update(known.id().value(), (image) -> image.edit(described(image, "a description"), NOW),
				VersionedCollection.EventOf.none()).block();

		this.images.update(known.id().value(), (image) -> image.edit(described(image, null), NOW),
				VersionedCollection.EventOf.none()).block();

		assertThat(this.images.find(known.id().value()).block().description()).isNull();
	}

	private Optional<PendingEvent> textEvent(Image before, Image after) {
		return Optional.of(new PendingEvent(UUID.randomUUID().toString(), "images", after.id().value(),
				(after.status().wireName() + " " + after.name()).getBytes(StandardCharsets.UTF_8)));
	}

	private static ImageEdit described(Image image, String description) {
		ImageEdit edit = ImageEdit.of(image);
		return new ImageEdit(edit.name(), description, edit.minDisk(), edit.minRam(), edit.maxRam(), edit.tags(),
				edit.isProtected(), edit.osVersion(), edit.visibility(), edit.properties());
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
