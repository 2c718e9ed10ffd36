package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import cloud.ims.core.common.Actor;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Glance's list filters and sorts (size ranges, {@code in:}, free-form properties, {@code os_hidden}, several sort
 * keys) as a table of scenarios with the expected images, each answered through the MongoDB filter and through the
 * in-memory list index, page by page with pages of two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageListScenarioTests {

	private static final Actor ACTOR = new Actor("demo", "alice", "test");

	private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

	private static final List<Sort> BY_NAME = List.of(new Sort(SortKey.NAME, true));

	private MongoServer server;

	private MongoClient client;

	private MongoImages store;

	private MongoImages indexed;

	@BeforeAll
	void seed() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.store = new MongoImages(this.client.getDatabase("ims"), new TextChangeEvents());
		List<Image> images = List.of(
				image("alpha", "demo", Visibility.PRIVATE, ImageStatus.ACTIVE, "qcow2", 100L, "bare", 0,
						Map.of("os_distro", "ubuntu")),
				image("beta", "demo", Visibility.PRIVATE, ImageStatus.ACTIVE, "raw", 300L, "bare", 1,
						Map.of("os_distro", "centos", "os_hidden", "true")),
				image("gamma", "demo", Visibility.PRIVATE, ImageStatus.QUEUED, null, null, "ova", 2, Map.of()),
				image("delta", "demo", Visibility.PRIVATE, ImageStatus.ACTIVE, "vmdk", 300L, "bare", 3,
						Map.of("os_distro", "ubuntu", "__support_kvm", "true")),
				image("epsilon", "ims-admin", Visibility.PUBLIC, ImageStatus.ACTIVE, "qcow2", 50L, "bare", 4,
						Map.of("os_hidden", "false")),
				image("zeta", "other", Visibility.PRIVATE, ImageStatus.ACTIVE, "qcow2", 100L, "bare", 5,
						Map.of("os_distro", "ubuntu")),
				image("eta", "demo", Visibility.PRIVATE, ImageStatus.DELETED, "qcow2", 100L, "bare", 6,
						Map.of("os_distro", "ubuntu")));
		Flux.fromIterable(images).concatMap((image) -> this.store.insertIfAbsent(image, ACTOR)).blockLast();
		this.indexed = MongoImages.withListIndex(this.client.getDatabase("ims"), new TextChangeEvents());
		// A reload leaves the deleted images out of the index.
		assertThat(this.indexed.reload().block())
			.isEqualTo((int) images.stream().filter((image) -> image.status() != ImageStatus.DELETED).count());
	}

	@AfterAll
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	static Stream<Arguments> scenarios() {
		return Stream.of(
				scenario("size at least 200 bytes (an image without data has no size)",
						Condition.sizeBetween(200L, null), BY_NAME, "beta", "delta"),
				scenario("size at most 200 bytes", Condition.sizeBetween(null, 200L), BY_NAME, "alpha", "epsilon"),
				scenario("size from 100 to 300 bytes", Condition.sizeBetween(100L, 300L), BY_NAME, "alpha", "beta",
						"delta"),
				scenario("name in a list", List.of(new Condition(Field.NAME, Operator.IN,
						List.of("alpha", "gamma", "nope", "zeta"))), BY_NAME, "alpha", "gamma"),
				scenario("disk format in a list", List.of(new Condition(Field.DISK_FORMAT, Operator.IN,
						List.of("raw", "vmdk"))), BY_NAME, "beta", "delta"),
				scenario("container format in a list", List.of(new Condition(Field.CONTAINER_FORMAT, Operator.IN,
						List.of("ova"))), BY_NAME, "gamma"),
				scenario("status in a list", List.of(new Condition(Field.STATUS, Operator.IN,
						List.of("queued", "deleted"))), BY_NAME, "gamma"),
				scenario("free-form property", List.of(new Condition(Field.property("os_distro"), Operator.EQ,
						"ubuntu")), BY_NAME, "alpha", "delta"),
				scenario("two free-form properties", List.of(new Condition(Field.property("os_distro"), Operator.EQ,
						"ubuntu"), new Condition(Field.property("__support_kvm"), Operator.EQ, "true")), BY_NAME,
						"delta"),
				scenario("hidden only", List.of(new Condition(Field.property("os_hidden"), Operator.EQ, "true")),
						BY_NAME, "beta"),
				scenario("not hidden (whether the property is set or not)",
						List.of(new Condition(Field.property("os_hidden"), Operator.NE, "true")), BY_NAME, "alpha",
						"delta", "epsilon", "gamma"),
				scenario("size descending, then name ascending", List.of(),
						List.of(new Sort(SortKey.SIZE, false), new Sort(SortKey.NAME, true)), "beta", "delta", "alpha",
						"epsilon", "gamma"),
				scenario("size ascending, then name descending", List.of(),
						List.of(new Sort(SortKey.SIZE, true), new Sort(SortKey.NAME, false)), "gamma", "epsilon",
						"alpha", "delta", "beta"),
				scenario("disk format ascending, then size descending", List.of(),
						List.of(new Sort(SortKey.DISK_FORMAT, true), new Sort(SortKey.SIZE, false)), "gamma", "alpha",
						"epsilon", "beta", "delta"),
				scenario("container format descending, then creation ascending", List.of(),
						List.of(new Sort(SortKey.CONTAINER_FORMAT, false), new Sort(SortKey.CREATED_AT, true)),
						"gamma", "alpha", "beta", "delta", "epsilon"),
				scenario("three keys with a range", Condition.sizeBetween(0L, null),
						List.of(new Sort(SortKey.CONTAINER_FORMAT, true), new Sort(SortKey.SIZE, false),
								new Sort(SortKey.NAME, false)),
						"delta", "beta", "alpha", "epsilon"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarios")
	void answersTheScenarioThroughTheStoreAndThroughTheIndex(String scenario, List<Condition> conditions,
			List<Sort> sorts, List<String> expected) {
		assertThat(walk(this.store, conditions, sorts)).as("from the store").isEqualTo(expected);
		assertThat(walk(this.indexed, conditions, sorts)).as("from the index").isEqualTo(expected);
	}

	private static Arguments scenario(String name, List<Condition> conditions, List<Sort> sorts, String... expected) {
		return Arguments.of(name, conditions, sorts, List.of(expected));
	}

	/** Every page of two, following the markers, as the names in order. */
	private static List<String> walk(MongoImages images, List<Condition> conditions, List<Sort> sorts) {
		List<String> names = new ArrayList<>();
		ImageId marker = null;
		while (true) {
			List<Image> page = images.list(new ImageQuery("demo", false, conditions, sorts, marker, 2,
					Set.of(MemberStatus.ACCEPTED))).collectList().block();
			page.forEach((image) -> names.add(image.name()));
			if (page.size() < 2) {
				return names;
			}
			marker = page.get(page.size() - 1).id();
		}
	}

	private static Image image(String name, String owner, Visibility visibility, ImageStatus status,
			@Nullable String diskFormat, @Nullable Long size, String containerFormat, int hour,
			Map<String, String> properties) {
		ImageData data = (size != null) ? new ImageData(diskFormat, size, size, "md5-" + name, "sha-" + name) : null;
		Instant createdAt = T0.plusSeconds(3600L * hour);
		return new Image(new ImageId(UUID.nameUUIDFromBytes(name.getBytes()).toString()), name, status, visibility,
				owner, false, List.of(), containerFormat, 20, 0, null, data, "Linux", null, null, "64", null, "upload",
				properties, null, createdAt, createdAt, 0);
	}

}
