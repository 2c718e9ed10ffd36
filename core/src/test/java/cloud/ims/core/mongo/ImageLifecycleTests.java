package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.event.PendingEvents;
import cloud.ims.core.event.TextChangeEvents;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deactivation and reactivation: one table of scenarios, played against {@link Image} and against the store, where
 * each change is one write with one event, a repeat is no write and no event, and a refusal leaves the image as it was.
 */
class ImageLifecycleTests {

	private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

	private static final Instant LATER = NOW.plusSeconds(60);

	private MongoServer server;

	private MongoClient client;

	private MongoImages images;

	private PendingEvents pending;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.images = new MongoImages(this.client.getDatabase("ims"), new TextChangeEvents());
		this.pending = new MongoPendingEvents(this.client.getDatabase("ims"));
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.shutdownNow();
	}

	/** The image's status and visibility, who acts (project, admin), the action, and the status after or the code. */
	static Stream<Scenario> scenarios() {
		return Stream.of(
				new Scenario(ImageStatus.ACTIVE, Visibility.PRIVATE, "owner", false, Action.DEACTIVATE, "deactivated"),
				new Scenario(ImageStatus.DEACTIVATED, Visibility.PRIVATE, "owner", false, Action.DEACTIVATE, "no-op"),
				new Scenario(ImageStatus.DEACTIVATED, Visibility.PRIVATE, "owner", false, Action.REACTIVATE, "active"),
				new Scenario(ImageStatus.ACTIVE, Visibility.PRIVATE, "owner", false, Action.REACTIVATE, "no-op"),
				new Scenario(ImageStatus.QUEUED, Visibility.PRIVATE, "owner", false, Action.DEACTIVATE, "IMG.0601"),
				new Scenario(ImageStatus.SAVING, Visibility.PRIVATE, "owner", false, Action.DEACTIVATE, "IMG.0601"),
				new Scenario(ImageStatus.KILLED, Visibility.PRIVATE, "owner", false, Action.REACTIVATE, "IMG.0601"),
				new Scenario(ImageStatus.QUEUED, Visibility.PRIVATE, "owner", false, Action.REACTIVATE, "IMG.0601"),
				new Scenario(ImageStatus.ACTIVE, Visibility.PRIVATE, "other", false, Action.DEACTIVATE, "IMG.0603"),
				new Scenario(ImageStatus.DEACTIVATED, Visibility.PRIVATE, "other", false, Action.REACTIVATE, "IMG.0603"),
				new Scenario(ImageStatus.ACTIVE, Visibility.PRIVATE, "other", true, Action.DEACTIVATE, "deactivated"),
				new Scenario(ImageStatus.ACTIVE, Visibility.PUBLIC, "owner", false, Action.DEACTIVATE, "IMG.0094"),
				new Scenario(ImageStatus.ACTIVE, Visibility.PUBLIC, "other", false, Action.DEACTIVATE, "IMG.0094"),
				new Scenario(ImageStatus.ACTIVE, Visibility.PUBLIC, "other", true, Action.DEACTIVATE, "deactivated"),
				new Scenario(ImageStatus.DEACTIVATED, Visibility.PUBLIC, "admin", true, Action.REACTIVATE, "active"));
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void changesTheImageAsTheTableSays(Scenario scenario) {
		Image image = image(scenario.status(), scenario.visibility());

		if (scenario.isRefused()) {
			assertThatThrownBy(() -> scenario.apply(image)).isInstanceOfSatisfying(ImsException.class,
					(refused) -> assertThat(refused.code()).isEqualTo(scenario.outcome()));
			return;
		}
		Optional<Image> changed = scenario.apply(image);
		if (scenario.outcome().equals("no-op")) {
			assertThat(changed).isEmpty();
			return;
		}
		assertThat(changed).hasValueSatisfying((after) -> {
			assertThat(after.status().wireName()).isEqualTo(scenario.outcome());
			assertThat(after.data()).isEqualTo(image.data());
			assertThat(after.updatedAt()).isEqualTo(LATER);
		});
	}

	@ParameterizedTest
	@MethodSource("scenarios")
	void storesEachChangeWithOneEventAndNothingForARepeatOrARefusal(Scenario scenario) {
		Image stored = this.images.insertIfAbsent(image(scenario.status(), scenario.visibility()), actor("owner"))
			.block();

		Image after;
		try {
			after = this.images.update(stored.id(), scenario::apply, actor(scenario.project())).block();
		}
		catch (ImsException refused) {
			assertThat(refused.code()).isEqualTo(scenario.outcome());
			after = this.images.find(stored.id()).block();
		}

		boolean changes = !scenario.isRefused() && !scenario.outcome().equals("no-op");
		assertThat(after.status()).isEqualTo(changes ? ImageStatus.fromWireName(scenario.outcome()) : stored.status());
		assertThat(after.version()).isEqualTo(stored.version() + (changes ? 1 : 0));
		List<String> events = this.pending.waiting(10, true).blockFirst().events().stream()
			.map(TextChangeEvents::text)
			.toList();
		assertThat(events).hasSize(changes ? 2 : 1);
		if (changes) {
			assertThat(events.get(1))
				.isEqualTo(ImageStatus.fromWireName(scenario.outcome()) + " lifecycle by alice-" + scenario.project());
		}
	}

	private static Image image(ImageStatus status, Visibility visibility) {
		boolean hasData = status == ImageStatus.ACTIVE || status == ImageStatus.DEACTIVATED;
		return new Image(ImageId.newId(), "lifecycle", status, visibility, "owner", false, List.of(), "bare", 1, 0,
				null, hasData ? new ImageData("vmdk", 10, 20, "md5", "sha256") : null, "Linux", null, null, "64", null,
				"upload", Map.of(), null, NOW, NOW, 0);
	}

	private static Actor actor(String projectId) {
		return new Actor(projectId, "alice-" + projectId, "test");
	}

	enum Action {

		DEACTIVATE, REACTIVATE

	}

	record Scenario(ImageStatus status, Visibility visibility, String project, boolean admin, Action action,
			String outcome) {

		boolean isRefused() {
			return this.outcome.startsWith("IMG.");
		}

		Optional<Image> apply(Image image) {
			return (this.action == Action.DEACTIVATE) ? image.deactivateBy(this.project, this.admin, LATER)
					: image.reactivateBy(this.project, this.admin, LATER);
		}

		@Override
		public String toString() {
			return this.action.name().toLowerCase() + " " + this.visibility.wireName() + " " + this.status.wireName()
					+ " by " + (this.admin ? "an admin of " : "") + this.project + ": " + this.outcome;
		}

	}

}
