package cloud.ims.messaging.inflight;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Stops and restarts the flow of records into the work in flight. Pausing a listener container keeps its consumers
 * polling (and so in their group) while they fetch nothing, unlike a listener that blocks.
 */
public interface Backpressure {

	void pause();

	void resume();

	/** Pauses and resumes the container of the listener with this id (every consumer thread of it). */
	static Backpressure ofListener(KafkaListenerEndpointRegistry registry, String listenerId) {
		return new Backpressure() {

			@Override
			public void pause() {
				container().pause();
			}

			@Override
			public void resume() {
				container().resume();
			}

			private MessageListenerContainer container() {
				MessageListenerContainer container = registry.getListenerContainer(listenerId);
				if (container == null) {
					throw new IllegalStateException("No listener container " + listenerId);
				}
				return container;
			}

		};
	}

}
