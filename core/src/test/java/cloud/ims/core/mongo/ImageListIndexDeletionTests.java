package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cloud.ims.core.common.Actor;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageQuery.SortKey;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deleted image leaves the image-list index, properties and all, so that the index holds what lists can show and
 * no more, however many images come and go.
 */
class ImageListIndexDeletionTests {

	private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

	private final ImageMapper mapper = new ImageMapper();

	private final ImageListIndex index = new ImageListIndex();

	@Test
	void dropsADeletedImageFromEveryView() {
		Image image = image(1, "demo", Visibility.PUBLIC);
		this.index.put(document(image, 3));

		this.index.put(document(image.delete(NOW).orElseThrow(), 4));

		assertThat(this.index.get(image.id().value())).isNull();
		assertThat(this.index.size()).isZero();
		assertThat(this.index.select(ImageSelection.of(everything("demo"), null), 10)).isEmpty();
		assertThat(this.index.select(ImageSelection.of(everything("other"), null), 10)).isEmpty();
	}

	@Test
	void neverTakesBackAnImageAnOlderVersionOfWhichArrivesAfterItsDeletion() {
		Image image = image(2, "demo", Visibility.PRIVATE);
		this.index.put(document(image.delete(NOW).orElseThrow(), 5));

		this.index.put(document(image, 4));

		assertThat(this.index.get(image.id().value())).isNull();
		assertThat(this.index.deletionsRemembered()).isOne();
	}

	@Test
	void staysBoundedHoweverManyImagesComeAndGo() {
		for (int round = 0; round < 5; round++) {
			long reload = this.index.reloading();
			for (int i = 0; i < 2_000; i++) {
				Image image = image(round * 2_000 + i, "demo", Visibility.PRIVATE);
				this.index.put(document(image, 1));
				this.index.put(document(image.delete(NOW).orElseThrow(), 2));
			}
			assertThat(this.index.size()).isZero();
			this.index.reloaded(reload);
			this.index.reloaded(this.index.reloading());
			assertThat(this.index.deletionsRemembered()).as("deletions remembered after round %d", round).isZero();
		}
	}

	@Test
	void reloadsWithoutTheDeletedImagesOfTheStore() {
		MongoServer server = new MongoServer(new MemoryBackend());
		MongoClient client = MongoClients.create("mongodb://" + server.bindAndGetConnectionString().substring(10));
		try {
			Actor actor = new Actor("demo", "alice", "test");
			MongoImages store = new MongoImages(client.getDatabase("ims"), new TextChangeEvents());
			List<Image> images = List.of(image(10, "demo", Visibility.PRIVATE), image(11, "demo", Visibility.PRIVATE),
					image(12, "demo", Visibility.PRIVATE));
			Flux.fromIterable(images).concatMap((image) -> store.insertIfAbsent(image, actor)).blockLast();
			store.update(images.get(1).id(), (image) -> image.delete(NOW), actor).block();
			MongoImages indexed = MongoImages.withListIndex(client.getDatabase("ims"), new TextChangeEvents());

			assertThat(indexed.reload().block()).isEqualTo(2);
			assertThat(indexed.list(everything("demo")).map((image) -> image.id().value()).collectList().block())
				.containsExactlyInAnyOrder(images.get(0).id().value(), images.get(2).id().value());

			indexed.update(images.get(0).id(), (image) -> image.delete(NOW), actor).block();
			assertThat(indexed.list(everything("demo")).map((image) -> image.id().value()).collectList().block())
				.containsExactly(images.get(2).id().value());
		}
		finally {
			client.close();
			server.shutdownNow();
		}
	}

	private Document document(Image image, long version) {
		return ImageListIndex.keysOf(this.mapper.toDocument(image)).append("version", version);
	}

	private static ImageQuery everything(String project) {
		return new ImageQuery(project, false, List.of(), SortKey.NAME, true, null, 100);
	}

	private static Image image(int index, String owner, Visibility visibility) {
		return new Image(new ImageId(UUID.nameUUIDFromBytes(("deletion-test:" + index).getBytes()).toString()),
				"image-" + index, ImageStatus.ACTIVE, visibility, owner, false, List.of("golden"), "bare", 1, 0, null,
				null, "Linux", null, null, "64", "x".repeat(1000), "upload", Map.of("notes", "y".repeat(4000)), null,
				NOW, NOW, 0);
	}

}
