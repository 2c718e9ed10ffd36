package cloud.ims.core.quota;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import cloud.ims.core.common.ImsException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageBytesQuotaTests {

	private final InMemoryQuotas quotas = new InMemoryQuotas();

	private final ImageBytesQuota quota = new ImageBytesQuota(this.quotas, 1000, 100);

	@Test
	void reservesAStepAheadOfTheBytesWrittenAndTrimsToTheSizeStored() {
		ImageBytesQuota.Reservation reservation = this.quota.reservation("p1");

		reservation.cover(10);
		assertThat(used()).as("a step ahead").isEqualTo(100);
		reservation.cover(90);
		assertThat(this.quotas.writes).as("no write within the step").isEqualTo(1);
		reservation.cover(150);
		assertThat(used()).as("the bytes past the step, and a step more").isEqualTo(200);

		reservation.trimTo(150);

		assertThat(used()).isEqualTo(150);
		assertThat(reservation.held()).isEqualTo(150);
	}

	@Test
	void refusesTheBytesThatCrossTheLimitAndKeepsWhatWasReservedBefore() {
		ImageBytesQuota.Reservation reservation = this.quota.reservation("p1");
		reservation.cover(950);
		reservation.cover(960);

		assertThat(used()).as("the step cut to what is left").isEqualTo(1000);
		assertThatThrownBy(() -> reservation.cover(1001)).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo("IMG.0432"));
		assertThat(reservation.held()).isEqualTo(1000);

		reservation.releaseAll();
		reservation.releaseAll();

		assertThat(used()).as("released once").isZero();
	}

	@Test
	void holdsNothingOnceHandedOver() {
		ImageBytesQuota.Reservation reservation = this.quota.reservation("p1");
		reservation.cover(40);

		assertThat(reservation.handOver()).isEqualTo(100);
		reservation.releaseAll();

		assertThat(used()).as("the new holder's now").isEqualTo(100);
	}

	@Test
	void admitsWithoutReserving() {
		this.quota.admit("p1", 1000).block();

		assertThat(used()).isZero();
		assertThatThrownBy(() -> this.quota.admit("p1", 1001).block()).isInstanceOf(ImsException.class);
	}

	private long used() {
		return this.quotas.find("p1").block().imageBytesUsed();
	}

	/** The quota store's contract in memory: each update is applied whole, or not at all when it throws. */
	private static final class InMemoryQuotas implements ProjectQuotas {

		private final Map<String, ProjectQuota> quotas = new ConcurrentHashMap<>();

		private int writes;

		@Override
		public Mono<ProjectQuota> find(String projectId) {
			return Mono.just(this.quotas.getOrDefault(projectId, ProjectQuota.unused(projectId)));
		}

		@Override
		public Mono<ProjectQuota> update(String projectId, Function<ProjectQuota, Optional<ProjectQuota>> change) {
			return Mono.fromCallable(() -> {
				ProjectQuota current = this.quotas.getOrDefault(projectId, ProjectQuota.unused(projectId));
				Optional<ProjectQuota> changed = change.apply(current);
				changed.ifPresent((after) -> {
					this.writes++;
					this.quotas.put(projectId, after.withVersion(current.version() + 1));
				});
				return changed.orElse(current);
			});
		}

		@Override
		public Flux<ProjectQuota> all() {
			return Flux.fromIterable(this.quotas.values());
		}

		@Override
		public Mono<QuotaUsage> measure(String projectId) {
			return Mono.empty();
		}

	}

}
