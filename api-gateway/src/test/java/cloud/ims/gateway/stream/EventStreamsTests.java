package cloud.ims.gateway.stream;

import java.time.Duration;
import java.util.Set;

import cloud.ims.core.common.ImsException;
import cloud.ims.gateway.security.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class EventStreamsTests {

	/** Bounds each verification, so that a stream that never ends fails the test instead of hanging it. */
	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final EventStreams streams = new EventStreams(
			new StreamSettings(2, 3, Duration.ofMinutes(5), Duration.ofHours(1)), this.meters);

	@Test
	void refusesAUsersStreamBeyondItsShareAndAdmitsItAgainOnceOneEnds() {
		Disposable first = endless(caller("alice"));
		endless(caller("alice"));

		StepVerifier.create(this.streams.open(caller("alice"), Flux::never))
			.expectErrorSatisfies((refused) -> assertThat(refused).isInstanceOf(ImsException.class)
				.hasFieldOrPropertyWithValue("code", "IMS.0431")
				.hasMessageContaining("You have 2 event streams open"))
			.verify(TIMEOUT);
		assertThat(this.streams.open()).isEqualTo(2);
		assertThat(this.meters.counter("ims.streams.refused").count()).isEqualTo(1);

		first.dispose();

		assertThat(this.streams.open()).isEqualTo(1);
		endless(caller("alice"));
		assertThat(this.streams.open()).isEqualTo(2);
	}

	@Test
	void refusesAnyStreamBeyondTheReplicasTotal() {
		endless(caller("alice"));
		endless(caller("alice"));
		endless(caller("bob"));

		StepVerifier.create(this.streams.open(caller("carol"), Flux::never))
			.expectErrorSatisfies((refused) -> assertThat(refused).hasMessageContaining("This gateway has 3 event streams open"))
			.verify(TIMEOUT);
		assertThat(this.streams.open()).isEqualTo(3);
	}

	@Test
	void endsAStreamThatSendsNothingForTheIdleTimeoutAndGivesBackItsSlot() {
		Sinks.Many<String> events = Sinks.many().multicast().onBackpressureBuffer();

		StepVerifier.withVirtualTime(() -> this.streams.open(caller("alice"), events::asFlux))
			.expectSubscription()
			.then(() -> events.tryEmitNext("a"))
			.expectNext("a")
			.thenAwait(Duration.ofMinutes(4))
			.then(() -> events.tryEmitNext("b"))
			.expectNext("b")
			.thenAwait(Duration.ofMinutes(5))
			.expectComplete().verify(TIMEOUT);
		assertThat(this.streams.open()).isZero();
	}

	@Test
	void endsAStreamOpenForItsMaximumDurationEvenWhileItSends() {
		// An event every 4.5 minutes, within the idle timeout: 13 of them in the hour.
		StepVerifier
			.withVirtualTime(() -> this.streams.open(caller("alice"), () -> Flux.interval(Duration.ofSeconds(270))))
			.expectSubscription()
			.thenAwait(Duration.ofMinutes(61))
			.expectNextCount(13)
			.expectComplete().verify(TIMEOUT);
		assertThat(this.streams.open()).isZero();
	}

	@Test
	void givesBackTheSlotOfAStreamThatFails() {
		StepVerifier.create(this.streams.open(caller("alice"), () -> Flux.error(new IllegalStateException("gone"))))
			.expectError(IllegalStateException.class).verify(TIMEOUT);

		assertThat(this.streams.open()).isZero();
	}

	private Disposable endless(Caller caller) {
		return this.streams.open(caller, Flux::never).subscribe();
	}

	private static Caller caller(String user) {
		return new Caller(user, "project-" + user, Set.of("member"), "request");
	}

}
