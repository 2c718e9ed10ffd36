package cloud.ims.gateway.keystone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import cloud.ims.core.identity.Revocation;
import cloud.ims.core.identity.Revocations;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * This replica's copy of the revocations (ADR 30): loaded at start, then every poll interval it reads what was
 * recorded since the newest it has seen (less an overlap, for writes that became visible late), so that a token
 * revoked on any replica is refused here well within a second, and checking a token costs two map lookups.
 */
final class RevocationList implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RevocationList.class);

	/** Writes stamped shortly before the newest one seen may become visible after it. */
	private static final Duration OVERLAP = Duration.ofSeconds(5);

	private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

	private final Revocations revocations;

	private final Duration pollInterval;

	private final Clock clock;

	private final Map<String, Instant> revokedTokens = new ConcurrentHashMap<>();

	/** Per user, the time up to which the user's tokens are revoked, and when that entry may be forgotten. */
	private final Map<String, Revocation> revokedUsers = new ConcurrentHashMap<>();

	private final AtomicReference<Instant> newestSeen = new AtomicReference<>(Instant.EPOCH);

	private volatile Instant lastPurge = Instant.EPOCH;

	private @Nullable Disposable polling;

	RevocationList(Revocations revocations, Duration pollInterval, Clock clock) {
		this.revocations = revocations;
		this.pollInterval = pollInterval;
		this.clock = clock;
	}

	@Override
	public void afterPropertiesSet() {
		poll().block(Duration.ofSeconds(30));
		this.polling = Flux.interval(this.pollInterval, this.pollInterval, Schedulers.parallel())
			.onBackpressureDrop()
			.concatMap((tick) -> poll().onErrorResume((failure) -> {
				log.warn("Cannot read the revocations: {}", failure.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void destroy() {
		if (this.polling != null) {
			this.polling.dispose();
		}
	}

	/** Whether the token was revoked, itself or as one of its user's. */
	boolean isRevoked(Jwt token) {
		String id = token.getId();
		if (id != null && this.revokedTokens.containsKey(id)) {
			return true;
		}
		Revocation user = (token.getSubject() != null) ? this.revokedUsers.get(token.getSubject()) : null;
		Instant issuedAt = token.getIssuedAt();
		// Token times are whole seconds: a token of the second the user was revoked in is refused too.
		return user != null && (issuedAt == null || !issuedAt.isAfter(user.at()));
	}

	/**
	 * How long to wait before issuing the user a token: token times are whole seconds, so a token issued in the
	 * second its user's tokens were revoked would be refused with them; it waits for the next second instead.
	 */
	Duration delayBeforeIssuing(String userId, Instant now) {
		Revocation user = this.revokedUsers.get(userId);
		if (user == null) {
			return Duration.ZERO;
		}
		Instant firstValid = user.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
		return now.isBefore(firstValid) ? Duration.between(now, firstValid) : Duration.ZERO;
	}

	/** Records the revocation for every replica, and applies it here at once. */
	Mono<Void> revoke(Revocation revocation) {
		return this.revocations.record(revocation).then(Mono.fromRunnable(() -> apply(revocation)));
	}

	Mono<Void> poll() {
		Instant since = this.newestSeen.get().minus(OVERLAP);
		return this.revocations.recordedSince(since.isBefore(Instant.EPOCH) ? Instant.EPOCH : since)
			.doOnNext((recorded) -> {
				apply(recorded.revocation());
				this.newestSeen.accumulateAndGet(recorded.recordedAt(), (a, b) -> a.isAfter(b) ? a : b);
			})
			.then(Mono.defer(this::purgeIfDue));
	}

	private void apply(Revocation revocation) {
		switch (revocation.kind()) {
			case TOKEN -> this.revokedTokens.put(revocation.subject(), revocation.expiresAt());
			case USER -> this.revokedUsers.merge(revocation.subject(), revocation,
					(known, added) -> known.at().isAfter(added.at()) ? known : added);
		}
	}

	private Mono<Void> purgeIfDue() {
		Instant now = this.clock.instant();
		if (now.isBefore(this.lastPurge.plus(PURGE_INTERVAL))) {
			return Mono.empty();
		}
		this.lastPurge = now;
		this.revokedTokens.values().removeIf((expiresAt) -> expiresAt.isBefore(now));
		this.revokedUsers.values().removeIf((revocation) -> revocation.expiresAt().isBefore(now));
		return this.revocations.purgeExpired(now).then();
	}

}
