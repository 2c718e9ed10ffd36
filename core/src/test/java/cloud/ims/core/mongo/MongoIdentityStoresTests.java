package cloud.ims.core.mongo;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import cloud.ims.core.identity.Project;
import cloud.ims.core.identity.ProjectNameTaken;
import cloud.ims.core.identity.Revocation;
import cloud.ims.core.identity.Revocations;
import cloud.ims.core.identity.Role;
import cloud.ims.core.identity.RoleAssignment;
import cloud.ims.core.identity.SignInFailures;
import cloud.ims.core.identity.User;
import cloud.ims.core.identity.UserNameTaken;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoIdentityStoresTests {

	private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

	private MongoServer server;

	private MongoClient client;

	private MongoDatabase database;

	private MongoUsers users;

	private MongoProjects projects;

	private MongoRoleAssignments assignments;

	@BeforeEach
	void startServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create("mongodb://" + this.server.bindAndGetConnectionString().substring(10));
		this.database = this.client.getDatabase("ims");
		MongoIndexes.ensure(this.database).block();
		this.users = new MongoUsers(this.database);
		this.projects = new MongoProjects(this.database);
		this.assignments = new MongoRoleAssignments(this.database);
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void findsUsersByIdAndByNameInTheirDomain() {
		this.users.create(aUser("u-1", "alice")).block();

		assertThat(this.users.find("u-1").block()).isEqualTo(aUser("u-1", "alice"));
		assertThat(this.users.findByName(User.DEFAULT_DOMAIN, "alice").map(User::id).block()).isEqualTo("u-1");
		assertThat(this.users.findByName("other", "alice").block()).isNull();
		assertThat(this.users.isEnabled("u-1").block()).isTrue();
		assertThat(this.users.isEnabled("nobody").block()).isFalse();
	}

	@Test
	void refusesASecondUserOfTheSameNameInOneDomain() {
		this.users.create(aUser("u-1", "alice")).block();

		assertThatThrownBy(() -> this.users.create(aUser("u-2", "alice")).block()).isInstanceOf(UserNameTaken.class);
		this.users.create(aUser("u-3", "bob")).block();
		assertThatThrownBy(() -> this.users.update("u-3", (bob) -> bob.withName("alice")).block())
			.isInstanceOf(UserNameTaken.class);
		assertThat(Flux.from(this.users.list(Optional.empty())).map(User::name).collectList().block())
			.containsExactly("alice", "bob");
	}

	@Test
	void updatesAStoredUserAndForgetsADeletedOne() {
		this.users.create(aUser("u-1", "alice")).block();

		User changed = this.users
			.update("u-1", (alice) -> alice.withEnabled(false).withPasswordHash("new-hash", T0.plusSeconds(60)))
			.block();
		this.users.update("u-1", (alice) -> alice.withDescription("second change")).block();

		assertThat(changed.enabled()).isFalse();
		User stored = this.users.find("u-1").block();
		assertThat(stored.passwordHash()).isEqualTo("new-hash");
		assertThat(stored.passwordChangedAt()).isEqualTo(T0.plusSeconds(60));
		assertThat(stored.description()).isEqualTo("second change");
		assertThat(this.users.isEnabled("u-1").block()).isFalse();
		assertThat(this.users.update("nobody", (user) -> user).block()).isNull();
		assertThat(this.users.delete("u-1").block()).isTrue();
		assertThat(this.users.delete("u-1").block()).isFalse();
		assertThat(this.users.find("u-1").block()).isNull();
	}

	@Test
	void keepsProjectNamesAndIdsUnique() {
		this.projects.create(aProject("p-1", "demo")).block();

		assertThatThrownBy(() -> this.projects.create(aProject("p-2", "demo")).block())
			.isInstanceOf(ProjectNameTaken.class);
		assertThatThrownBy(() -> this.projects.create(aProject("p-1", "other")).block())
			.isInstanceOf(ProjectNameTaken.class);
		assertThat(this.projects.findByName(User.DEFAULT_DOMAIN, "demo").map(Project::id).block()).isEqualTo("p-1");
		assertThat(this.projects.list(Optional.of("demo")).map(Project::id).collectList().block()).containsExactly("p-1");
		assertThat(this.projects.update("p-1", (demo) -> demo.withDescription("the demo")).block().description())
			.isEqualTo("the demo");
		assertThat(this.projects.delete("p-1").block()).isTrue();
		assertThat(this.projects.find("p-1").block()).isNull();
	}

	@Test
	void grantsRolesOnceAndRevokesThemOneByOne() {
		RoleAssignment admin = new RoleAssignment("u-1", "p-1", Role.ADMIN);
		RoleAssignment member = new RoleAssignment("u-1", "p-1", Role.MEMBER);
		this.assignments.grant(admin).block();
		this.assignments.grant(admin).block();
		this.assignments.grant(member).block();
		this.assignments.grant(new RoleAssignment("u-1", "p-2", Role.MEMBER)).block();
		this.assignments.grant(new RoleAssignment("u-2", "p-1", Role.MEMBER)).block();

		assertThat(this.assignments.rolesOf("u-1", "p-1").block()).containsExactlyInAnyOrder(Role.ADMIN, Role.MEMBER);
		assertThat(this.assignments.ofUser("u-1").collectList().block()).hasSize(3);
		assertThat(this.assignments.inProject("p-1").collectList().block()).hasSize(3);
		assertThat(this.assignments.all().collectList().block()).hasSize(4);

		assertThat(this.assignments.revoke(admin).block()).isTrue();
		assertThat(this.assignments.revoke(admin).block()).isFalse();
		assertThat(this.assignments.exists(admin).block()).isFalse();
		assertThat(this.assignments.rolesOf("u-1", "p-1").block()).containsExactly(Role.MEMBER);
		assertThat(this.assignments.revoke(member).block()).isTrue();
		assertThat(this.assignments.rolesOf("u-1", "p-1").block()).isEmpty();
		assertThat(this.assignments.rolesOf("nobody", "p-1").block()).isEqualTo(Set.of());

		this.assignments.revokeAllInProject("p-1").block();
		this.assignments.revokeAllOfUser("u-1").block();
		assertThat(this.assignments.all().collectList().block()).isEmpty();
	}

	@Test
	void keepsIdsWithSeparatorsApart() {
		this.assignments.grant(new RoleAssignment("a:b", "c", Role.ADMIN)).block();

		assertThat(this.assignments.rolesOf("a", "b:c").block()).isEmpty();
		assertThat(this.assignments.rolesOf("a:b", "c").block()).containsExactly(Role.ADMIN);
	}

	@Test
	void handsOutRevocationsRecordedSinceATimeAndPurgesExpiredOnes() {
		MongoRevocations revocations = new MongoRevocations(this.database);
		Instant before = Instant.now().minusSeconds(5);
		revocations.record(Revocation.ofToken("jti-1", T0, T0.plusSeconds(3600))).block();
		revocations.record(Revocation.ofUser("u-1", T0, T0.plusSeconds(7200))).block();

		assertThat(revocations.recordedSince(before).map(Revocations.Recorded::revocation).collectList().block())
			.containsExactlyInAnyOrder(Revocation.ofToken("jti-1", T0, T0.plusSeconds(3600)),
					Revocation.ofUser("u-1", T0, T0.plusSeconds(7200)));
		assertThat(revocations.recordedSince(Instant.now().plusSeconds(60)).collectList().block()).isEmpty();
		assertThat(revocations.purgeExpired(T0.plusSeconds(3601)).block()).isEqualTo(1);
		assertThat(revocations.recordedSince(before).map((recorded) -> recorded.revocation().subject())
			.collectList()
			.block()).containsExactly("u-1");
	}

	@Test
	void countsSignInFailuresPerKeyInWindowsThatStartOver() {
		MongoSignInFailures failures = new MongoSignInFailures(this.database);
		Duration window = Duration.ofMinutes(15);

		failures.recordFailure("user:alice", T0, window).block();
		failures.recordFailure("user:alice", T0.plusSeconds(10), window).block();
		SignInFailures.Window third = failures.recordFailure("user:alice", T0.plusSeconds(20), window).block();
		failures.recordFailure("user:bob", T0, window).block();

		assertThat(third).isEqualTo(new SignInFailures.Window(3, T0.plus(window)));
		assertThat(failures.current("user:alice", T0.plusSeconds(30)).block()).contains(third);
		assertThat(failures.current("user:alice", T0.plus(window)).block()).isEmpty();
		assertThat(failures.recordFailure("user:alice", T0.plus(window), window).block())
			.isEqualTo(new SignInFailures.Window(1, T0.plus(window).plus(window)));
		failures.clear("user:alice").block();
		assertThat(failures.current("user:alice", T0.plusSeconds(30)).block()).isEmpty();
		assertThat(failures.purgeEnded(T0.plus(window).plusSeconds(1)).block()).isEqualTo(1);
		assertThat(failures.current("user:bob", T0).block()).isEmpty();
	}

	private static User aUser(String id, String name) {
		return new User(id, name, User.DEFAULT_DOMAIN, "$argon2id$hash", true, null, "", T0, T0);
	}

	private static Project aProject(String id, String name) {
		return new Project(id, name, User.DEFAULT_DOMAIN, true, "", T0);
	}

}
