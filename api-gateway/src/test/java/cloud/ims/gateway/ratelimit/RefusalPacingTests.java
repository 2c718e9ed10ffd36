package cloud.ims.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RefusalPacingTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final AtomicInteger answered = new AtomicInteger();

	private final Mono<Void> refusal = Mono.fromRunnable(this.answered::incrementAndGet);

	@Test
	void answersARefusalOnlyAfterTheDelay() {
		RefusalPacing pacing = new RefusalPacing(Duration.ofMillis(200), 10, this.meters);

		pacing.answer(this.refusal).subscribe();

		assertThat(this.answered).hasValue(0);
		assertThat(held()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.answered.get() == 1);
		assertThat(held()).isZero();
	}

	@Test
	void answersAtOncePastTheMostHeldAndForgetsARefusalWhoseClientLeft() {
		RefusalPacing pacing = new RefusalPacing(Duration.ofHours(1), 2, this.meters);

		Disposable first = pacing.answer(this.refusal).subscribe();
		Disposable second = pacing.answer(this.refusal).subscribe();
		pacing.answer(this.refusal).subscribe();

		assertThat(this.answered).hasValue(1);
		assertThat(held()).isEqualTo(2);

		first.dispose();
		second.dispose();

		assertThat(held()).isZero();
		pacing.answer(this.refusal).subscribe();
		assertThat(this.answered).hasValue(1);
		assertThat(held()).isEqualTo(1);
	}

	@Test
	void answersAtOnceWithoutADelay() {
		RefusalPacing pacing = new RefusalPacing(Duration.ZERO, 10, this.meters);

		pacing.answer(this.refusal).block();

		assertThat(this.answered).hasValue(1);
		assertThat(held()).isZero();
	}

	private double held() {
		return this.meters.get(RefusalPacing.HELD_METRIC).gauge().value();
	}

}
