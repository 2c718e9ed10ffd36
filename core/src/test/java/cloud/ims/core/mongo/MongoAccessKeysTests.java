package cloud.ims.core.mongo;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import cloud.ims.core.identity.credential.AccessKey;
import cloud.ims.core.identity.credential.AccessKeyFixture;
import cloud.ims.core.identity.credential.AccessKeyLimitReached;
import cloud.ims.core.identity.credential.AccessKeyStatus;
import cloud.ims.core.identity.credential.IssuedAccessKey;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static cloud.ims.core.identity.credential.AccessKeyFixture.CREDENTIAL_KEY;
import static cloud.ims.core.identity.credential.AccessKeyFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoAccessKeysTests {

	private final SecureRandom random = new SecureRandom();

	private MongoServer server;

	private MongoClient client;

	private MongoAccessKeys keys;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.keys = new MongoAccessKeys(this.client.getDatabase("ims"));
		this.keys.ensureIndexes().block();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void storesAKeyWithItsSecretSealedAndReadsItBack() {
		IssuedAccessKey issued = issue("u1").block();

		AccessKey found = this.keys.find(issued.key().id()).block();
		assertThat(found).isEqualTo(issued.key());
		assertThat(found.openSecret(CREDENTIAL_KEY)).isEqualTo(issued.secret());
		Document stored = Mono.from(this.client.getDatabase("ims").getCollection(MongoAccessKeys.COLLECTION).find().first())
			.block();
		assertThat(stored.toJson()).doesNotContain(issued.secret());
		assertThat(stored.get("secret", Document.class).keySet()).containsExactly("key", "nonce", "sealed");
	}

	@Test
	void keepsAtMostTwoKeysPerUserAndRefusesTheThirdUntilOneIsDeleted() {
		IssuedAccessKey first = issue("u1").block();
		IssuedAccessKey second = issue("u1").block();
		issue("u2").block();

		assertThatThrownBy(() -> issue("u1").block()).isInstanceOf(AccessKeyLimitReached.class);
		assertThat(this.keys.ofUser("u1").map(AccessKey::id).collectList().block())
			.containsExactlyInAnyOrder(first.key().id(), second.key().id());

		assertThat(this.keys.delete(first.key().id()).block()).isTrue();
		assertThat(this.keys.delete(first.key().id()).block()).as("gone already").isFalse();
		IssuedAccessKey third = issue("u1").block();
		assertThat(third.key().slot()).isEqualTo(first.key().slot());
		assertThat(this.keys.ofUser("u1").count().block()).isEqualTo(2);
	}

	@Test
	void letsExactlyTwoOfTwelveConcurrentCreationsForOneUserThrough() {
		ConcurrentLinkedQueue<Throwable> refusals = new ConcurrentLinkedQueue<>();

		List<IssuedAccessKey> issued = Flux.range(0, 12)
			.flatMap((attempt) -> issue("racer").subscribeOn(Schedulers.parallel())
				.onErrorResume((error) -> {
					refusals.add(error);
					return Mono.empty();
				}), 12)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(issued).hasSize(2);
		assertThat(refusals).hasSize(10).allMatch(AccessKeyLimitReached.class::isInstance);
		assertThat(this.keys.ofUser("racer").count().block()).isEqualTo(2);
	}

	@Test
	void changesStatusAndDescriptionWithACompareAndSet() {
		IssuedAccessKey issued = issue("u1").block();

		AccessKey changed = this.keys.update(issued.key().id(), (key) -> key.change(AccessKeyStatus.INACTIVE, "old"))
			.block();

		assertThat(changed.isActive()).isFalse();
		assertThat(changed.version()).isEqualTo(1);
		assertThat(this.keys.find(issued.key().id()).block()).isEqualTo(changed);
		assertThat(this.keys.update(AccessKeyFixture.aNewKeyOf("u9").key().id(),
				(key) -> key.change(AccessKeyStatus.INACTIVE, null)).blockOptional()).isEmpty();
	}

	@Test
	void recordsTheLatestUseOnlyAndKeepsItThroughChanges() {
		IssuedAccessKey issued = issue("u1").block();
		Instant later = Instant.parse("2026-12-07T10:16:30.123Z");

		this.keys.recordUse(issued.key().id(), later).block();
		this.keys.recordUse(issued.key().id(), NOW).block();
		this.keys.update(issued.key().id(), (key) -> key.change(AccessKeyStatus.INACTIVE, null)).block();

		assertThat(this.keys.find(issued.key().id()).block().lastUsedAt()).isEqualTo(later);
	}

	private Mono<IssuedAccessKey> issue(String userId) {
		return this.keys.issue(userId, (ring) -> ring.issue("", NOW, CREDENTIAL_KEY, this.random));
	}

}
