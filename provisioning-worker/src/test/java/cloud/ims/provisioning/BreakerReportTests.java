package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import cloud.ims.core.operations.BreakerState;
import cloud.ims.core.operations.BreakerStates;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class BreakerReportTests {

	private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

	private final RecordedStates states = new RecordedStates();

	private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("vmware");

	private final BreakerReport report = new BreakerReport(this.breaker, this.states, new WorkerInstance("worker-7"),
			Clock.fixed(T0, ZoneOffset.UTC));

	@Test
	void reportsTheStateAtStartUpAndOnEveryTransition() {
		this.report.started();
		this.breaker.transitionToOpenState();
		this.breaker.transitionToHalfOpenState();

		assertThat(this.states.recorded).extracting(BreakerState::state).containsExactly("CLOSED", "OPEN", "HALF_OPEN");
		assertThat(this.states.recorded).allSatisfy((state) -> {
			assertThat(state.name()).isEqualTo("vmware");
			assertThat(state.instance()).isEqualTo("worker-7");
		});
		assertThat(this.states.recorded.get(0).since()).isEqualTo(T0);
		assertThat(this.states.recorded.get(1).since()).isAfter(T0);
	}

	@Test
	void goesOnWhenTheReportCannotBeStored() {
		this.states.failing = true;

		this.breaker.transitionToOpenState();

		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	private static final class RecordedStates implements BreakerStates {

		final List<BreakerState> recorded = new CopyOnWriteArrayList<>();

		volatile boolean failing;

		@Override
		public Mono<Void> record(BreakerState state) {
			if (this.failing) {
				return Mono.error(new IllegalStateException("database down"));
			}
			this.recorded.add(state);
			return Mono.empty();
		}

		@Override
		public Flux<BreakerState> all() {
			return Flux.fromIterable(this.recorded);
		}

	}

}
