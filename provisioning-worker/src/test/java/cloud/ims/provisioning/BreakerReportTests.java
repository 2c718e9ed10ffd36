package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import cloud.ims.core.compute.DriverStatus;
import cloud.ims.core.operations.BreakerState;
import cloud.ims.core.operations.BreakerStates;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BreakerReportTests {

	private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

	private final RecordedStates states = new RecordedStates();

	private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("vmware");

	private static final DriverStatus REACHABLE = new DriverStatus("vsphere", "https://vcenter.example.com/sdk", true,
			"VMware vCenter Server 8.0");

	private static final DriverStatus UNREACHABLE = new DriverStatus("vsphere", "https://vcenter.example.com/sdk",
			false, "connect timed out");

	private volatile DriverStatus driver = REACHABLE;

	private final BreakerReport report = new BreakerReport(this.breaker, () -> this.driver, this.states,
			new WorkerInstance("worker-7"), Clock.fixed(T0, ZoneOffset.UTC), Duration.ofMinutes(1));

	@AfterEach
	void stopRefreshing() {
		this.report.destroy();
	}

	@Test
	void reportsTheStateAtStartUpAndOnEveryTransition() {
		this.report.started();
		Instant beforeOpening = Instant.now();
		this.breaker.transitionToOpenState();
		Instant afterOpening = Instant.now();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.states.recorded).extracting(BreakerState::state)
				.containsExactly("CLOSED", "OPEN"));
		Instant beforeHalfOpening = Instant.now();
		this.breaker.transitionToHalfOpenState();
		Instant afterHalfOpening = Instant.now();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.states.recorded).extracting(BreakerState::state)
				.containsExactly("CLOSED", "OPEN", "HALF_OPEN"));
		assertThat(this.states.recorded).allSatisfy((state) -> {
			assertThat(state.name()).isEqualTo("vmware");
			assertThat(state.instance()).isEqualTo("worker-7");
			assertThat(state.updatedAt()).as("written at the report clock's time").isEqualTo(T0);
		});
		assertThat(this.states.recorded.get(0).since()).as("at start-up, the report clock's time").isEqualTo(T0);
		assertThat(this.states.recorded.get(1).since()).as("when the breaker opened, by the breaker's event")
			.isBetween(beforeOpening, afterOpening);
		assertThat(this.states.recorded.get(2).since()).as("when the breaker half-opened, by the breaker's event")
			.isBetween(beforeHalfOpening, afterHalfOpening);
	}

	@Test
	void storesATransitionOnItsOwnThreadNotOnTheOneThatCalledTheService() {
		this.breaker.transitionToOpenState();

		await().atMost(Duration.ofSeconds(5)).until(() -> !this.states.threads.isEmpty());
		assertThat(this.states.threads).containsOnly("driver-report");
	}

	@Test
	void reportsTheDriverAndRefreshesItSoThatAnOutageShows() {
		CircuitBreaker own = CircuitBreaker.ofDefaults("vmware");
		BreakerReport often = new BreakerReport(own, () -> this.driver, this.states,
				new WorkerInstance("worker-7"), Clock.fixed(T0, ZoneOffset.UTC), Duration.ofMillis(50));
		often.started();
		try {
			assertThat(this.states.recorded.get(0).driver()).isEqualTo(REACHABLE);

			this.driver = UNREACHABLE;

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.states.last().driver()).isEqualTo(UNREACHABLE));
			own.transitionToOpenState();
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.states.last().state()).isEqualTo("OPEN"));
			assertThat(this.states.last().driver()).isEqualTo(UNREACHABLE);
		}
		finally {
			often.destroy();
		}
	}

	@Test
	void reportsADriverThatCannotTellItsStatusAsUnreachable() {
		BreakerReport failing = new BreakerReport(CircuitBreaker.ofDefaults("vmware"), () -> {
			throw new IllegalStateException("session expired");
		}, this.states, new WorkerInstance("worker-7"), Clock.fixed(T0, ZoneOffset.UTC), Duration.ofMinutes(1));

		failing.refresh();

		assertThat(this.states.last().driver()).satisfies((driver) -> {
			assertThat(driver.reachable()).isFalse();
			assertThat(driver.detail()).contains("session expired");
		});
	}

	@Test
	void goesOnWhenTheReportCannotBeStored() {
		this.states.failing = true;

		this.breaker.transitionToOpenState();

		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	private static final class RecordedStates implements BreakerStates {

		final List<BreakerState> recorded = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		volatile boolean failing;

		BreakerState last() {
			return this.recorded.get(this.recorded.size() - 1);
		}

		@Override
		public Mono<Void> record(BreakerState state) {
			if (this.failing) {
				return Mono.error(new IllegalStateException("database down"));
			}
			this.recorded.add(state);
			this.threads.add(Thread.currentThread().getName());
			return Mono.empty();
		}

		@Override
		public Flux<BreakerState> all() {
			return Flux.fromIterable(this.recorded);
		}

	}

}
