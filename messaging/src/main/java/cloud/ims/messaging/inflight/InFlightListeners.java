package cloud.ims.messaging.inflight;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import cloud.ims.messaging.WorkerMessagingConfiguration;
import cloud.ims.messaging.WorkerMessagingConfiguration.RedeliverySettings;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * The work in flight of each listener that hands its records to one, by listener id: made with the workers'
 * redelivery back-off and dead letters, and found again by the container settings and the drain that go with it
 * ({@link InFlightConfiguration}).
 */
public final class InFlightListeners {

	private final KafkaListenerEndpointRegistry registry;

	private final RedeliverySettings redelivery;

	private final ConsumerRecordRecoverer deadLetters;

	private final ScheduledExecutorService retries;

	private final Map<String, InFlightWork> works = new ConcurrentHashMap<>();

	InFlightListeners(KafkaListenerEndpointRegistry registry, RedeliverySettings redelivery,
			ConsumerRecordRecoverer deadLetters, ScheduledExecutorService retries) {
		this.registry = registry;
		this.redelivery = redelivery;
		this.deadLetters = deadLetters;
		this.retries = retries;
	}

	/** Makes the work in flight of the listener with this id; its container is paused when the work is full. */
	public InFlightWork register(String listenerId, InFlightWork.Limits limits) {
		InFlightWork work = new InFlightWork(limits, Backpressure.ofListener(this.registry, listenerId),
				this.redelivery.backOff(), WorkerMessagingConfiguration::isRetryable, this.deadLetters, this.retries);
		if (this.works.putIfAbsent(listenerId, work) != null) {
			throw new IllegalStateException("Listener " + listenerId + " has its work in flight already");
		}
		return work;
	}

	@Nullable InFlightWork of(@Nullable String listenerId) {
		return (listenerId != null) ? this.works.get(listenerId) : null;
	}

	Collection<InFlightWork> all() {
		return List.copyOf(this.works.values());
	}

}
