package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.common.Actor;
import cloud.ims.core.event.PendingEvents;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageMember;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageQuery.Condition;
import cloud.ims.core.image.ImageQuery.Field;
import cloud.ims.core.image.ImageQuery.Operator;
import cloud.ims.core.image.ImageQuery.SortKey;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.MemberStatus;
import cloud.ims.core.image.Visibility;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared images in the store: members survive the round trip, each membership change is one write with one event,
 * and a project's lists (read from the store and from the in-memory index alike) hold the images shared with it by
 * its answer, and lose them when it is removed.
 */
class MongoImageSharingTests {

	private static final Actor OWNER = new Actor("owner", "olga", "test");

	private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

	private MongoServer server;

	private MongoClient client;

	private MongoImages store;

	private MongoImages indexed;

	private PendingEvents pending;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.store = new MongoImages(this.client.getDatabase("ims"), new TextChangeEvents());
		this.indexed = MongoImages.withListIndex(this.client.getDatabase("ims"), new TextChangeEvents());
		this.pending = new MongoPendingEvents(this.client.getDatabase("ims"));
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void keepsMembersWithTheirAnswersAndTimes() {
		Image image = this.store.insertIfAbsent(activeImage("kept", "owner"), OWNER).block();
		this.store.update(image.id(), (current) -> current.shareWith(List.of("b", "c"), "owner", false, 128, NOW), OWNER)
			.block();
		this.store.update(image.id(), (current) -> current.answer("b", MemberStatus.ACCEPTED, "b", NOW.plusSeconds(5)),
				new Actor("b", "bob", "test")).block();

		Image stored = this.store.find(image.id()).block();

		assertThat(stored.visibility()).isEqualTo(Visibility.SHARED);
		assertThat(stored.members().list()).containsExactly(
				new ImageMember("b", MemberStatus.ACCEPTED, NOW, NOW.plusSeconds(5)),
				new ImageMember("c", MemberStatus.PENDING, NOW, NOW));
		assertThat(stored.version()).as("two writes").isEqualTo(2);
	}

	@Test
	void recordsOneEventPerMembershipChangeAndNoneForARepeatedAnswer() {
		Image image = this.store.insertIfAbsent(activeImage("evented", "owner"), OWNER).block();
		this.pending.published(this.pending.waiting(10, true).collectList().block()).block();
		Actor b = new Actor("b", "bob", "test");

		this.store.update(image.id(), (current) -> current.shareWith(List.of("b", "c"), "owner", false, 128, NOW), OWNER)
			.block();
		this.store.update(image.id(), (current) -> current.answer("b", MemberStatus.ACCEPTED, "b", NOW), b).block();
		this.store.update(image.id(), (current) -> current.answer("b", MemberStatus.ACCEPTED, "b", NOW), b).block();
		this.store.update(image.id(), (current) -> current.removeMember("c", "owner", false, NOW), OWNER).block();

		assertThat(this.pending.waiting(10, true).collectList().block()).singleElement()
			.satisfies((document) -> assertThat(document.events()).hasSize(3));
	}

	@Test
	void listsTheImagesSharedWithAProjectByItsAnswerFromTheStoreAndTheIndexAlike() {
		Image accepted = share(activeImage("accepted", "owner"), "b", MemberStatus.ACCEPTED);
		Image pendingOne = share(activeImage("pending", "owner"), "b", null);
		Image rejected = share(activeImage("rejected", "owner"), "b", MemberStatus.REJECTED);
		Image otherMember = share(activeImage("others", "owner"), "c", MemberStatus.ACCEPTED);
		Image own = this.store.insertIfAbsent(activeImage("own", "b"), OWNER).block();
		this.indexed.reload().block();

		assertLists("b", Set.of(MemberStatus.ACCEPTED), List.of(), accepted, own);
		assertLists("b", Set.of(MemberStatus.PENDING), List.of(), pendingOne, own);
		assertLists("b", Set.of(MemberStatus.values()), List.of(), accepted, pendingOne, rejected, own);
		assertLists("b", Set.of(MemberStatus.values()),
				List.of(new Condition(Field.VISIBILITY, Operator.EQ, "shared"),
						new Condition(Field.OWNER, Operator.NE, "b")),
				accepted, pendingOne, rejected);
		assertLists("owner", Set.of(MemberStatus.ACCEPTED), List.of(), accepted, pendingOne, rejected, otherMember);
		assertLists("stranger", Set.of(MemberStatus.values()), List.of());
	}

	@Test
	void dropsAnImageFromTheListsOfARemovedMemberWhoeverRemovedIt() {
		Image first = share(activeImage("first", "owner"), "b", MemberStatus.ACCEPTED);
		Image second = share(activeImage("second", "owner"), "b", MemberStatus.ACCEPTED);
		this.indexed.reload().block();
		assertThat(ids(this.indexed, "b")).containsExactlyInAnyOrder(first.id().value(), second.id().value());

		this.indexed.update(first.id(), (image) -> image.removeMember("b", "owner", false, NOW), OWNER).block();
		this.store.update(second.id(), (image) -> image.removeMember("b", "owner", false, NOW), OWNER).block();

		assertThat(ids(this.indexed, "b")).as("its own write at once, another's never shown").isEmpty();
		this.indexed.refresh(second.id()).block();
		assertThat(ids(this.indexed, "b")).isEmpty();
		assertThat(ids(this.indexed, "owner")).containsExactlyInAnyOrder(first.id().value(), second.id().value());
	}

	private Image share(Image image, String member, MemberStatus answer) {
		Image stored = this.store.insertIfAbsent(image, OWNER).block();
		Image shared = this.store.update(stored.id(),
				(current) -> current.shareWith(List.of(member), "owner", false, 128, NOW), OWNER).block();
		if (answer == null) {
			return shared;
		}
		return this.store.update(stored.id(), (current) -> current.answer(member, answer, member, NOW),
				new Actor(member, "m", "test")).block();
	}

	private void assertLists(String project, Set<MemberStatus> statuses, List<Condition> conditions, Image... expected) {
		ImageQuery query = new ImageQuery(project, false, conditions, SortKey.NAME, true, null, 100, statuses);
		List<String> ids = List.of(expected).stream().map((image) -> image.id().value()).toList();
		assertThat(this.store.list(query).map((image) -> image.id().value()).collectList().block())
			.as("%s from the store, answers %s", project, statuses).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(this.indexed.list(query).map((image) -> image.id().value()).collectList().block())
			.as("%s from the index, answers %s", project, statuses).containsExactlyInAnyOrderElementsOf(ids);
	}

	private static List<String> ids(MongoImages images, String project) {
		return images.list(new ImageQuery(project, false, List.of(), SortKey.NAME, true, null, 100))
			.map((image) -> image.id().value())
			.collectList()
			.block();
	}

	private static Image activeImage(String name, String owner) {
		return new Image(ImageId.newId(), name, ImageStatus.ACTIVE, Visibility.PRIVATE, owner, false, List.of(), "bare",
				1, 0, null, new ImageData("vmdk", 1, 2, "md5", "sha"), "Linux", null, null, "64", null, "upload",
				Map.of(), null, NOW, NOW, 0);
	}

}
