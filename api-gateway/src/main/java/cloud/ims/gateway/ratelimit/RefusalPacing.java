package cloud.ims.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Answers a refusal only after a delay, a few at a time. A client over its limit that sends its next request once the
 * last is answered (a script's loop, an SDK, wrk) then sends one a delay per connection instead of as many as the
 * gateway can refuse, so that its refusals stop taking the CPU that other projects' requests need. A held refusal
 * costs a timer and its open connection, no thread; past the most held at a time, refusals are answered at once.
 */
final class RefusalPacing {

	static final String HELD_METRIC = "ims.rate_limit.held";

	private final Duration delay;

	private final int maxHeld;

	private final AtomicInteger held = new AtomicInteger();

	RefusalPacing(Duration delay, int maxHeld, MeterRegistry meters) {
		this.delay = delay;
		this.maxHeld = maxHeld;
		Gauge.builder(HELD_METRIC, this.held, AtomicInteger::get)
			.description("Refusals (429) held before they are answered")
			.register(meters);
	}

	Mono<Void> answer(Mono<Void> refusal) {
		if (this.delay.isZero() || this.delay.isNegative()) {
			return refusal;
		}
		if (this.held.incrementAndGet() > this.maxHeld) {
			this.held.decrementAndGet();
			return refusal;
		}
		return Mono.delay(this.delay).then(refusal).doFinally((signal) -> this.held.decrementAndGet());
	}

}
