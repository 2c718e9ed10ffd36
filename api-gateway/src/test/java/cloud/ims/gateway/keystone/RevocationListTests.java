package cloud.ims.gateway.keystone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import cloud.ims.core.identity.Revocation;
import cloud.ims.core.identity.Revocations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RevocationListTests {

	private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

	private final RecordedRevocations store = new RecordedRevocations();

	private final RevocationList here = new RevocationList(this.store, Duration.ofMillis(50),
			Clock.fixed(T0, ZoneOffset.UTC));

	private final RevocationList elsewhere = new RevocationList(this.store, Duration.ofMillis(50),
			Clock.fixed(T0, ZoneOffset.UTC));

	@AfterEach
	void stop() {
		this.here.destroy();
		this.elsewhere.destroy();
	}

	@Test
	void refusesATokenRevokedOnAnotherReplicaOnceItHasPolled() {
		this.here.afterPropertiesSet();
		this.elsewhere.afterPropertiesSet();
		Jwt token = token("jti-1", "u-1", T0);

		this.elsewhere.revoke(Revocation.ofToken("jti-1", T0, T0.plusSeconds(3600))).block();

		assertThat(this.elsewhere.isRevoked(token)).isTrue();
		await().atMost(Duration.ofSeconds(1)).until(() -> this.here.isRevoked(token));
		assertThat(this.here.isRevoked(token("jti-2", "u-1", T0))).isFalse();
	}

	@Test
	void refusesAUsersTokensIssuedUpToTheRevocationAndDelaysTheNextInThatSecond() {
		Instant revokedAt = T0.plusMillis(400);
		this.store.record(Revocation.ofUser("u-1", revokedAt, T0.plusSeconds(86_400))).block();

		this.here.afterPropertiesSet();

		assertThat(this.here.isRevoked(token("a", "u-1", T0))).isTrue();
		assertThat(this.here.isRevoked(token("b", "u-1", T0.plusSeconds(1)))).isFalse();
		assertThat(this.here.isRevoked(token("c", "u-2", T0))).isFalse();
		assertThat(this.here.delayBeforeIssuing("u-1", T0.plusMillis(700))).isEqualTo(Duration.ofMillis(300));
		assertThat(this.here.delayBeforeIssuing("u-1", T0.plusSeconds(1))).isZero();
		assertThat(this.here.delayBeforeIssuing("u-2", T0)).isZero();
	}

	private static Jwt token(String id, String userId, Instant issuedAt) {
		return new Jwt("value", issuedAt, issuedAt.plusSeconds(3600), Map.of("alg", "RS256"),
				Map.of("jti", id, "sub", userId, "iat", issuedAt, "exp", issuedAt.plusSeconds(3600)));
	}

	/** The store as the database keeps it: each revocation stamped with the time it was recorded. */
	private static final class RecordedRevocations implements Revocations {

		private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

		@Override
		public Mono<Void> record(Revocation revocation) {
			return Mono.fromRunnable(() -> this.recorded.add(new Recorded(revocation, Instant.now())));
		}

		@Override
		public Flux<Recorded> recordedSince(Instant recordedSince) {
			return Flux.fromIterable(this.recorded).filter((entry) -> !entry.recordedAt().isBefore(recordedSince));
		}

		@Override
		public Mono<Long> purgeExpired(Instant now) {
			return Mono.just(0L);
		}

	}

}
