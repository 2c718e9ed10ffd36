package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import cloud.ims.core.common.Actor;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageEdit;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageQuery.Condition;
import cloud.ims.core.image.ImageQuery.Field;
import cloud.ims.core.image.ImageQuery.Operator;
import cloud.ims.core.image.ImageQuery.Sort;
import cloud.ims.core.image.ImageQuery.SortKey;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.MemberStatus;
import cloud.ims.core.image.Visibility;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image-list index must select exactly what the MongoDB filter selects: the same store is listed through both
 * paths, for every filter, operator, sort key and direction, page by page.
 */
class ImageListIndexTests {

	private static final Actor ACTOR = new Actor("demo", "alice", "test");

	private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

	private static final String[] OWNERS = { "demo", "other", "ims-admin" };

	private MongoServer server;

	private MongoClient client;

	private MongoImages store;

	private MongoImages indexed;

	private final List<Image> seeded = new ArrayList<>();

	@BeforeEach
	void seed() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.store = new MongoImages(this.client.getDatabase("ims"), new TextChangeEvents());
		Random random = new Random(7);
		for (int i = 0; i < 240; i++) {
			this.seeded.add(randomImage(random, i));
		}
		Flux.fromIterable(this.seeded).concatMap((image) -> this.store.insertIfAbsent(image, ACTOR)).blockLast();
		this.indexed = MongoImages.withListIndex(this.client.getDatabase("ims"), new TextChangeEvents());
		assertThat(this.indexed.reload().block())
			.isEqualTo((int) this.seeded.stream().filter((image) -> image.status() != ImageStatus.DELETED).count());
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void selectsWhatTheStoreSelectsForEveryConditionSortAndDirection() {
		List<Condition> conditions = List.of(new Condition(Field.NAME, Operator.EQ, "web-0007"),
				new Condition(Field.OS_TYPE, Operator.EQ, "Linux"), new Condition(Field.OS_TYPE, Operator.NE, "Linux"),
				new Condition(Field.STATUS, Operator.EQ, "queued"), new Condition(Field.VISIBILITY, Operator.EQ, "public"),
				new Condition(Field.OWNER, Operator.EQ, "other"), new Condition(Field.PROTECTED, Operator.EQ, true),
				new Condition(Field.TAGS, Operator.CONTAINS, "golden"), new Condition(Field.MIN_DISK, Operator.EQ, 40),
				new Condition(Field.MIN_RAM, Operator.LTE, 2048), new Condition(Field.DISK_FORMAT, Operator.EQ, "vmdk"),
				new Condition(Field.CHECKSUM, Operator.EQ, "md5-3"),
				new Condition(Field.CREATED_AT, Operator.GT, NOW.minusSeconds(3600 * 50)),
				new Condition(Field.CREATED_AT, Operator.LTE, NOW.minusSeconds(3600 * 50)),
				new Condition(Field.UPDATED_AT, Operator.NE, NOW.minusSeconds(3600 * 10)),
				new Condition(Field.ID, Operator.IN, List.of(id(3).value(), id(4).value(), id(5).value())),
				new Condition(Field.ID, Operator.NOT_IN, List.of(id(3).value(), id(4).value())),
				new Condition(Field.property("architecture"), Operator.EQ, "arm64"), Condition.never());
		for (SortKey sortKey : SortKey.values()) {
			assertSameLists(List.of(), sortKey, true);
			assertSameLists(List.of(), sortKey, false);
		}
		for (Condition condition : conditions) {
			assertSameLists(List.of(condition), SortKey.NAME, true);
			assertSameLists(List.of(condition), SortKey.CREATED_AT, false);
		}
		assertSameLists(List.of(conditions.get(1), conditions.get(9), conditions.get(12)), SortKey.NAME, true);
	}

	@Test
	void selectsWhatTheStoreSelectsForSeveralSortKeysAndGlanceFilters() {
		List<List<Condition>> conditionSets = List.of(List.of(), Condition.sizeBetween(2L << 30, null),
				Condition.sizeBetween(null, 2L << 30), List.of(new Condition(Field.NAME, Operator.IN,
						List.of("web-0007", "web-0012", "web-0030"))),
				List.of(new Condition(Field.DISK_FORMAT, Operator.IN, List.of("iso"))),
				List.of(new Condition(Field.property("architecture"), Operator.NE, "arm64")));
		for (List<Condition> conditions : conditionSets) {
			for (SortKey first : SortKey.values()) {
				for (SortKey second : List.of(SortKey.NAME, SortKey.SIZE, SortKey.CREATED_AT)) {
					if (first != second) {
						List<Sort> sorts = List.of(new Sort(first, first.ordinal() % 2 == 0), new Sort(second,
								second != SortKey.NAME));
						for (boolean allProjects : List.of(false, true)) {
							assertThat(walk(this.indexed, conditions, sorts, allProjects)).as("%s sorted by %s",
									conditions, sorts).isEqualTo(walk(this.store, conditions, sorts, allProjects));
						}
					}
				}
			}
		}
	}

	@Test
	void followsItsOwnWritesAtOnce() {
		Random random = new Random(1);
		Image candidate = randomImage(random, 1000);
		while (candidate.status() == ImageStatus.DELETED) {
			candidate = randomImage(random, 1000);
		}
		Image created = this.indexed.insertIfAbsent(candidate, ACTOR).block();
		Image existing = this.seeded.stream().filter((image) -> image.status() != ImageStatus.DELETED).findFirst()
			.orElseThrow();
		this.indexed.update(existing.id(), (image) -> image.edit(renamed(image, "aaa-first"), NOW), ACTOR).block();

		List<String> names = names(this.indexed.list(query("demo", true, List.of(), SortKey.NAME, true, null, 500)));

		assertThat(names).startsWith("aaa-first").contains(created.name());
	}

	@Test
	void neverShowsWhatAnotherProcessChangedBeforeTheIndexHearsOfIt() {
		Image victim = this.seeded.stream()
			.filter((image) -> image.visibility() == Visibility.PUBLIC && image.status() == ImageStatus.ACTIVE)
			.findFirst()
			.orElseThrow();
		this.store.update(victim.id(), (image) -> image.delete(NOW), ACTOR).block();
		this.store.update(this.seeded.get(1).id(), (image) -> image.edit(renamed(image, "zzz-renamed-elsewhere"), NOW), ACTOR).block();
		ImageQuery everything = query("demo", true, List.of(), SortKey.NAME, true, null, 500);

		assertThat(ids(this.indexed.list(everything))).doesNotContain(victim.id().value());
		assertThat(ids(this.indexed.list(everything))).isEqualTo(ids(this.store.list(everything)));

		this.indexed.refresh(this.seeded.get(1).id()).block();
		assertThat(names(this.indexed.list(everything))).endsWith("zzz-renamed-elsewhere");
	}

	@Test
	void keepsFullPagesWhenSomeEntriesAreBehindTheStore() {
		ImageQuery firstPage = query("demo", true, List.of(), SortKey.CREATED_AT, false, null, 20);
		List<String> before = ids(this.indexed.list(firstPage));
		for (String id : before.subList(0, 15)) {
			this.store.update(new ImageId(id), (image) -> image.delete(NOW), ACTOR).block();
		}

		assertThat(ids(this.indexed.list(firstPage))).hasSize(20).isEqualTo(ids(this.store.list(firstPage)));
	}

	@Test
	void listsAnImageTheImageWorkerActivatedBeforeTheIndexHearsOfIt() {
		Image queued = this.seeded.stream()
			.filter((image) -> image.status() == ImageStatus.QUEUED && image.isVisibleTo("demo"))
			.findFirst()
			.orElseThrow();
		ImageQuery active = query("demo", false, List.of(new Condition(Field.STATUS, Operator.EQ, "active")),
				SortKey.NAME, true, null, 500);
		assertThat(ids(this.indexed.list(active))).doesNotContain(queued.id().value());

		this.store.update(queued.id(), (image) -> image.startSaving(NOW), ACTOR).block();
		this.store.update(queued.id(), (image) -> image.activate(new ImageData("vmdk", 1, 2, "md5", "sha"), NOW), ACTOR)
			.block();

		assertThat(ids(this.indexed.list(active))).contains(queued.id().value())
			.isEqualTo(ids(this.store.list(active)));
	}

	private void assertSameLists(List<Condition> conditions, SortKey sortKey, boolean ascending) {
		for (boolean allProjects : List.of(false, true)) {
			List<String> fromStore = walk(this.store, conditions, sortKey, ascending, allProjects);
			List<String> fromIndex = walk(this.indexed, conditions, sortKey, ascending, allProjects);
			assertThat(fromIndex).as("%s sorted by %s %s, all projects %s", conditions, sortKey,
					ascending ? "asc" : "desc", allProjects).isEqualTo(fromStore);
		}
	}

	/** Every page, following the markers, as the ids in order. */
	private static List<String> walk(MongoImages images, List<Condition> conditions, SortKey sortKey,
			boolean ascending, boolean allProjects) {
		List<String> all = new ArrayList<>();
		ImageId marker = null;
		while (true) {
			List<String> page = ids(images.list(query("demo", allProjects, conditions, sortKey, ascending, marker, 30)));
			all.addAll(page);
			if (page.size() < 30) {
				return all;
			}
			marker = new ImageId(page.get(page.size() - 1));
		}
	}

	private static List<String> walk(MongoImages images, List<Condition> conditions, List<Sort> sorts,
			boolean allProjects) {
		List<String> all = new ArrayList<>();
		ImageId marker = null;
		while (true) {
			List<String> page = ids(images.list(new ImageQuery("demo", allProjects, conditions, sorts, marker, 30,
					Set.of(MemberStatus.ACCEPTED))));
			all.addAll(page);
			if (page.size() < 30) {
				return all;
			}
			marker = new ImageId(page.get(page.size() - 1));
		}
	}

	private static ImageQuery query(String project, boolean allProjects, List<Condition> conditions, SortKey sortKey,
			boolean ascending, @Nullable ImageId marker, int limit) {
		return new ImageQuery(project, allProjects, conditions, sortKey, ascending, marker, limit);
	}

	private static List<String> ids(Flux<Image> images) {
		return images.map((image) -> image.id().value()).collectList().block();
	}

	private static List<String> names(Flux<Image> images) {
		return images.map(Image::name).collectList().block();
	}

	private static ImageEdit renamed(Image image, String name) {
		ImageEdit edit = ImageEdit.of(image);
		return new ImageEdit(name, edit.description(), edit.minDisk(), edit.minRam(), edit.maxRam(), edit.tags(),
				edit.isProtected(), edit.osVersion(), edit.visibility(), edit.properties());
	}

	private static ImageId id(int index) {
		return new ImageId(UUID.nameUUIDFromBytes(("list-index-test:" + index).getBytes()).toString());
	}

	/** Few distinct values per field, so that sort keys tie and conditions match many images. */
	private static Image randomImage(Random random, int index) {
		String owner = OWNERS[random.nextInt(OWNERS.length)];
		Visibility visibility = owner.equals("ims-admin") ? Visibility.PUBLIC : Visibility.PRIVATE;
		ImageStatus status = List.of(ImageStatus.ACTIVE, ImageStatus.ACTIVE, ImageStatus.QUEUED, ImageStatus.DELETED,
				ImageStatus.KILLED).get(random.nextInt(5));
		ImageData data = (status == ImageStatus.QUEUED) ? null : new ImageData(random.nextBoolean() ? "vmdk" : "iso",
				(1L + random.nextInt(4)) << 30, 10L << 30, "md5-" + random.nextInt(5), "sha-" + index);
		Instant createdAt = NOW.minusSeconds(3600L * random.nextInt(100));
		Map<String, String> properties = random.nextBoolean() ? Map.of("architecture", random.nextBoolean() ? "arm64"
				: "x86_64") : Map.of();
		List<String> tags = List.of(List.<String>of(), List.of("golden"), List.of("golden", "web"), List.of("db"))
			.get(random.nextInt(4));
		return new Image(id(index), "web-" + String.format("%04d", random.nextInt(60)), status, visibility, owner,
				random.nextBoolean(), tags, "bare", 20 * (1 + random.nextInt(3)), 1024 * random.nextInt(4), null, data,
				random.nextBoolean() ? "Linux" : "Windows", "Ubuntu 22.04 server 64bit", "Ubuntu", "64", null,
				"instance", properties, null, createdAt, createdAt.plusSeconds(3600L * random.nextInt(5)), 0);
	}

}
