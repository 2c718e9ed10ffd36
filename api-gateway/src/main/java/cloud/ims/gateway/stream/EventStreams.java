package cloud.ims.gateway.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.gateway.security.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Admits server-sent event streams within the bounds of {@link StreamSettings}, counting those open on this replica
 * per user and in all, and ends each one that idles or outlives its maximum. A stream refused is answered 429
 * {@code IMS.0431} before anything is sent.
 */
@Component
public class EventStreams {

	private final StreamSettings settings;

	private final AtomicInteger open = new AtomicInteger();

	private final Map<String, Integer> openPerUser = new ConcurrentHashMap<>();

	private final Counter refused;

	EventStreams(StreamSettings settings, MeterRegistry meters) {
		this.settings = settings;
		Gauge.builder("ims.streams.open", this.open, AtomicInteger::get)
			.description("Server-sent event streams open on this gateway replica")
			.register(meters);
		this.refused = Counter.builder("ims.streams.refused")
			.description("Server-sent event streams refused because their user or the replica had too many open")
			.register(meters);
	}

	/**
	 * The stream, once admitted: the caller's slot is taken when the answer subscribes to it (a refusal comes before
	 * anything is written, so it is the answer's status) and given back when the stream ends, however it ends.
	 */
	public <T> Flux<T> open(Caller caller, Supplier<Flux<T>> stream) {
		return Flux.defer(() -> {
			admit(caller.userId());
			return Flux.defer(stream)
				.timeout(this.settings.idleTimeout(), Flux.empty())
				.take(this.settings.maxDuration())
				.doFinally((signal) -> release(caller.userId()));
		});
	}

	private void admit(String userId) {
		if (this.open.incrementAndGet() > this.settings.total()) {
			this.open.decrementAndGet();
			throw refused("This gateway has " + this.settings.total() + " event streams open, its maximum. Retry in a "
					+ "minute, or poll GET /v1/{project_id}/jobs/{job_id} meanwhile.");
		}
		boolean[] admitted = { false };
		this.openPerUser.compute(userId, (user, count) -> {
			int current = (count != null) ? count : 0;
			admitted[0] = current < this.settings.perUser();
			return admitted[0] ? current + 1 : count;
		});
		if (!admitted[0]) {
			this.open.decrementAndGet();
			throw refused("You have " + this.settings.perUser() + " event streams open, the most a user may have "
					+ "(ims.streams.per-user). Close one (each stream ends by itself when its job ends), or poll GET "
					+ "/v1/{project_id}/jobs/{job_id} instead.");
		}
	}

	private void release(String userId) {
		this.openPerUser.computeIfPresent(userId, (user, count) -> (count > 1) ? count - 1 : null);
		this.open.decrementAndGet();
	}

	private ImsException refused(String message) {
		this.refused.increment();
		return new ImsException(Kind.QUOTA, "IMS.0431", message);
	}

	/** Streams open on this replica, for tests and the metrics. */
	int open() {
		return this.open.get();
	}

}
